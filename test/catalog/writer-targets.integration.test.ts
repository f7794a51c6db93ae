import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSnapshotError } from '../../packages/catalog/src/errors.js';
import { regionKeys } from '../../packages/catalog/src/keys.js';
import { CATALOG_TABLE } from '../../packages/catalog/src/table.js';
import { CatalogWriter } from '../../packages/catalog/src/writer.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import {
  ALL_LISTINGS_OK,
  deploymentTarget,
  endpointTarget,
  importedTarget,
  routerTarget,
  snapshotWithTargets,
} from './account-target-fixtures.js';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

let table: CatalogTestTable;

beforeAll(async () => {
  table = await createCatalogTestTable('writer-targets');
});

function writerAt(clock: { now: number }) {
  return new CatalogWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
    now: () => new Date(clock.now),
    indexSettleMs: 0,
    batchRetry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

/** The region's target items on GSI2 `REGION#<r>` / `TARGET#…`, by ARN. */
async function targetItems(region: string) {
  const { Items = [] } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: CATALOG_TABLE.indexes.byRegion.indexName,
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `REGION#${region}`, ':prefix': 'TARGET#' },
    }),
  );
  return new Map(Items.map((item) => [String(item.arn), item]));
}

async function regionRecord(region: string) {
  const { Item } = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: regionKeys({ region }) }),
  );
  return Item;
}

describe('CatalogWriter: account-owned targets', () => {
  it('stores targets under TARGET#<arn> with GSI1 on the key they answer for, and the listings', async () => {
    const region = 'us-east-1';
    const clock = { now: T0 };
    const snapshot = snapshotWithTargets(region);

    await writerAt(clock).applyRegionSnapshot({
      scanId: 'scan-1',
      scanStartedAt: at(T0),
      snapshot,
      latencySamples: [],
    });

    const items = await targetItems(region);
    const deployment = items.get(deploymentTarget(region).arn);
    expect([...items.values()].map((i) => i.kind).sort()).toEqual([
      'custom-model-deployment',
      'imported-model',
      'marketplace-endpoint',
      'prompt-router',
    ]);
    expect(deployment).toMatchObject({
      PK: `TARGET#${deploymentTarget(region).arn}`,
      SK: `REGION#${region}`,
      GSI1PK: `MODEL#${deploymentTarget(region).customModelArn}`,
      GSI1SK: `${region}#TARGET#custom-model-deployment#${deploymentTarget(region).arn}`,
      recordType: 'target',
      firstSeenAt: at(T0),
    });
    expect(await regionRecord(region)).toMatchObject({
      status: 'ok',
      listings: ALL_LISTINGS_OK,
      dataRetention: { mode: 'default' },
      // Targets are not part of the profile/model/throughput counts.
      counts: { throughputs: 1 },
    });
  });

  it('a failed optional listing keeps its items untouched and the region ok; a later ok listing sweeps', async () => {
    // Prepare: a committed snapshot with two routers.
    const region = 'us-west-2';
    const clock = { now: T0 };
    const writer = writerAt(clock);
    const secondRouter = routerTarget(region, 'meta.llama:1');
    const first = snapshotWithTargets(region);
    await writer.applyRegionSnapshot({
      scanId: 'scan-1',
      scanStartedAt: at(T0),
      snapshot: { ...first, targets: [...(first.targets ?? []), secondRouter] },
      latencySamples: [],
    });
    const routersBefore = await targetItems(region);

    // Act 1: ListPromptRouters denied, ListCustomModels failed; other kinds change.
    clock.now = T0 + HOUR;
    const denied = await writer.applyRegionSnapshot({
      scanId: 'scan-2',
      scanStartedAt: at(T0 + HOUR),
      snapshot: {
        ...first,
        targets: [{ ...importedTarget(region), name: 'renamed' }],
        listings: {
          ...ALL_LISTINGS_OK,
          promptRouters: 'denied',
          customModels: 'error',
          dataRetention: 'denied',
        },
        dataRetention: null,
      },
      latencySamples: [],
    });
    const afterDenied = await targetItems(region);

    // Assess 1: routers and the deployment are byte for byte what they were; the endpoint,
    // whose listing succeeded empty, is swept; the imported model changed.
    expect(denied.status).toBe('applied');
    for (const arn of [routerTarget(region).arn, secondRouter.arn, deploymentTarget(region).arn]) {
      expect(afterDenied.get(arn)).toEqual(routersBefore.get(arn));
    }
    expect(afterDenied.has(endpointTarget(region).arn)).toBe(false);
    expect(afterDenied.get(importedTarget(region).arn)?.name).toBe('renamed');
    expect(await regionRecord(region)).toMatchObject({
      status: 'ok',
      error: null,
      listings: { promptRouters: 'denied', customModels: 'error', importedModels: 'ok' },
      // Not read this time: the last mode read stays.
      dataRetention: { mode: 'default' },
    });

    // Act 2: the router listing works again and lists one router only.
    clock.now = T0 + 2 * HOUR;
    const recovered = await writer.applyRegionSnapshot({
      scanId: 'scan-3',
      scanStartedAt: at(T0 + 2 * HOUR),
      snapshot: {
        ...first,
        targets: [routerTarget(region), deploymentTarget(region)],
        listings: { ...ALL_LISTINGS_OK },
      },
      latencySamples: [],
    });
    const afterRecovery = await targetItems(region);

    // Assess 2
    expect(recovered.itemsDeleted).toBe(2);
    expect([...afterRecovery.keys()].sort()).toEqual(
      [routerTarget(region).arn, deploymentTarget(region).arn].sort(),
    );
    expect((await regionRecord(region))?.listings).toEqual(ALL_LISTINGS_OK);
  });

  it('refuses a target whose listing failed in the same snapshot, before writing anything', async () => {
    const region = 'eu-west-1';
    const writer = writerAt({ now: T0 });

    await expect(
      writer.applyRegionSnapshot({
        scanId: 'scan-1',
        scanStartedAt: at(T0),
        snapshot: {
          ...snapshotWithTargets(region),
          listings: { ...ALL_LISTINGS_OK, promptRouters: 'error' },
        },
        latencySamples: [],
      }),
    ).rejects.toThrow(InvalidSnapshotError);
    expect(await regionRecord(region)).toBeUndefined();
  });
});
