import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { InvalidCursorError } from '../../packages/catalog/src/errors.js';
import { CatalogReader } from '../../packages/catalog/src/reader.js';
import { CatalogWriter } from '../../packages/catalog/src/writer.js';
import {
  accountTargets,
  customModelArn,
  importedModel,
  MODEL_SOURCE,
  marketplaceEndpoint,
  promptRouter,
  seedAccountTargets,
} from '../support/account-targets.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { countWrites, HAIKU, smallSnapshot } from './fixtures.js';

const SECRET = 'reader-targets-secret-0123456789';
const INTERNAL = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'expiresAt', 'contentHash'];

let table: CatalogTestTable;
let reader: CatalogReader;
let requests: ReturnType<typeof countWrites>;

beforeAll(async () => {
  table = await createCatalogTestTable('reader-targets');
  const writer = new CatalogWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
  });
  for (const region of ['us-east-1', 'us-west-2']) {
    await writer.applyRegionSnapshot({
      scanId: 's1',
      scanStartedAt: new Date().toISOString(),
      snapshot: smallSnapshot(region),
      latencySamples: [],
    });
    await seedAccountTargets(table.documentClient, table.tableName, accountTargets(region));
  }
  // A reader over its own client, so its DynamoDB requests can be counted by name.
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  requests = countWrites(client);
  reader = new CatalogReader({
    documentClient: DynamoDBDocumentClient.from(client),
    tableName: table.tableName,
    cursorSecret: SECRET,
  });
});

describe('CatalogReader: account-owned targets', () => {
  it('modelInRegion returns the deployments of a custom model in its one Query', async () => {
    requests.reset();
    const found = await reader.modelInRegion(customModelArn('us-east-1'), 'us-east-1');

    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(found.targets.map((t) => [t.kind, t.name, t.status])).toEqual([
      ['custom-model-deployment', 'support-bot-prod', 'Active'],
      ['custom-model-deployment', 'support-bot-canary', 'Creating'],
    ]);
    expect(found.targets.every((t) => t.region === 'us-east-1')).toBe(true);
    for (const target of found.targets) {
      for (const attribute of INTERNAL) expect(target).not.toHaveProperty(attribute);
    }
  });

  it('modelInRegion returns a Marketplace model source’s endpoints next to nothing else', async () => {
    requests.reset();
    const found = await reader.modelInRegion(MODEL_SOURCE, 'us-west-2');

    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(found).toMatchObject({ model: null, profiles: [], throughputs: [], quotas: [] });
    expect(found.targets.map((t) => t.arn).sort()).toEqual(
      [
        marketplaceEndpoint('us-west-2').arn,
        'arn:aws:sagemaker:us-west-2:111122223333:endpoint/mistral-7b-old',
      ].sort(),
    );
  });

  it('a target’s own ARN is one GetItem: endpoint, imported model, prompt router, deployment', async () => {
    const own = [
      marketplaceEndpoint('us-east-1'),
      importedModel('us-east-1'),
      promptRouter('us-east-1'),
      accountTargets('us-east-1')[0],
    ];
    for (const target of own) {
      requests.reset();
      const found = await reader.modelInRegion(target?.arn ?? '', 'us-east-1');
      expect(requests.commands).toEqual({ GetItemCommand: 1 });
      expect(found).toEqual({
        model: null,
        profiles: [],
        throughputs: [],
        quotas: [],
        targets: [target],
        probes: [],
        usage: [],
        prices: [],
      });
    }
    // The same ARN asked from another source region: that item does not exist there.
    requests.reset();
    const elsewhere = await reader.modelInRegion(importedModel('us-east-1').arn, 'us-west-2');
    expect(requests.commands).toEqual({ GetItemCommand: 1 });
    expect(elsewhere.targets).toEqual([]);
  });

  it('modelInRegion of a foundation model still finds no targets and its own items', async () => {
    const found = await reader.modelInRegion(HAIKU, 'us-east-1');
    expect(found.model?.modelId).toBe(HAIKU);
    expect(found.throughputs).toHaveLength(1);
    expect(found.targets).toEqual([]);
  });

  it('lists a region’s account-owned targets, throughputs included, page by page', async () => {
    const items: { kind: string; arn: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await reader.regionTargets('us-east-1', { limit: 2, cursor });
      items.push(
        ...page.items.map((t) => ({
          kind: t.recordType === 'throughput' ? 'provisioned-throughput' : t.kind,
          arn: t.arn,
        })),
      );
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBeGreaterThanOrEqual(4);
    expect(items.map((t) => t.kind)).toEqual([
      'custom-model-deployment',
      'custom-model-deployment',
      'imported-model',
      'marketplace-endpoint',
      'marketplace-endpoint',
      'prompt-router',
      'provisioned-throughput',
    ]);
    expect(new Set(items.map((t) => t.arn)).size).toBe(items.length);
    expect(items.every((t) => t.arn.includes(':us-east-1:'))).toBe(true);
  });

  it('lists one kind, and binds its cursor to the kind', async () => {
    const routers = await reader.regionTargets('us-west-2', { kind: 'prompt-router' });
    expect(routers).toEqual({ items: [promptRouter('us-west-2')], nextCursor: null });
    const throughputs = await reader.regionTargets('us-west-2', { kind: 'provisioned-throughput' });
    expect(throughputs.items.map((t) => t.recordType)).toEqual(['throughput']);

    const first = await reader.regionTargets('us-west-2', {
      kind: 'custom-model-deployment',
      limit: 1,
    });
    expect(first.items).toHaveLength(1);
    await expect(
      reader.regionTargets('us-west-2', { kind: 'imported-model', cursor: first.nextCursor }),
    ).rejects.toThrow(InvalidCursorError);
  });

  it('regionItems reads a region holding targets without failing on them', async () => {
    const page = await reader.regionItems('us-east-1', { limit: 1000 });
    expect(page.items.filter((item) => item.recordType === 'target')).toHaveLength(6);
  });

  it('finds a target or a model key’s targets in every region, for hints', async () => {
    const byKey = await reader.accountTargetsOf(customModelArn('us-west-2'));
    expect(byKey.map((t) => [t.region, t.status])).toEqual([
      ['us-west-2', 'Active'],
      ['us-west-2', 'Creating'],
    ]);
    const byArn = await reader.accountTargetsOf(importedModel('us-east-1').arn);
    expect(byArn).toEqual([importedModel('us-east-1')]);
  });
});
