import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError, InvalidQueryError } from '../../packages/catalog/src/errors.js';
import { profileKeys } from '../../packages/catalog/src/keys.js';
import { CatalogReader } from '../../packages/catalog/src/reader.js';
import { CatalogWriter } from '../../packages/catalog/src/writer.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import {
  applicationProfile,
  geoProfile,
  HAIKU,
  itemCount,
  largeSnapshot,
  NOVA_PRO,
  SONNET_4,
  smallSnapshot,
} from './fixtures.js';

const SECRET = 'reader-test-secret-0123456789';
const NOW = Date.now();
const at = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;

let table: CatalogTestTable;
let reader: CatalogReader;
const us = smallSnapshot('us-east-1');
const eu = smallSnapshot('eu-west-1', 'eu');
const big = largeSnapshot('us-west-2', 120);
const SCAN_ID = 'scan-2026-reader';

/** Every page of a paged query, with the number of pages. */
async function drain<T>(
  fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

beforeAll(async () => {
  table = await createCatalogTestTable('reader');
  const options = { documentClient: table.documentClient, tableName: table.tableName };
  const writer = new CatalogWriter({ ...options, now: () => new Date(NOW - 10 * MINUTE) });
  const later = new CatalogWriter({ ...options, now: () => new Date(NOW - 5 * MINUTE) });
  const start = at(NOW - 10 * MINUTE);
  await writer.applyRegionSnapshot({
    scanId: 's0',
    scanStartedAt: start,
    snapshot: us,
    latencySamples: [210, 190, 230],
  });
  await writer.applyRegionSnapshot({
    scanId: 's0',
    scanStartedAt: start,
    snapshot: eu,
    latencySamples: [90, 110, 400],
  });
  await writer.applyRegionSnapshot({
    scanId: 's0',
    scanStartedAt: start,
    snapshot: big,
    latencySamples: [],
  });
  await writer.recordRegionFailure({
    scanId: 's0',
    scanStartedAt: start,
    region: 'ap-southeast-2',
    status: 'error',
    error: { code: 'timeout', message: 'deadline exceeded' },
    latencySamples: [20],
  });
  // A second scan of eu-west-1: Nova Pro's EU profile goes away, so the change log has an entry.
  await later.applyRegionSnapshot({
    scanId: SCAN_ID,
    scanStartedAt: at(NOW - 5 * MINUTE),
    snapshot: { ...eu, profiles: eu.profiles.filter((p) => p.modelId !== NOVA_PRO) },
    latencySamples: [100],
  });
  await later.putScan({
    recordType: 'scan',
    scanId: SCAN_ID,
    status: 'succeeded',
    trigger: 'schedule',
    startedAt: at(NOW - 5 * MINUTE),
    finishedAt: at(NOW - 5 * MINUTE + 3_000),
    durationMs: 3_000,
    regions: [],
  });
  reader = new CatalogReader({ ...options, cursorSecret: SECRET });
});

describe('CatalogReader access patterns', () => {
  it('finds the profiles of a model in every region, or in one, without internal attributes', async () => {
    const everywhere = await reader.profilesOfModel(HAIKU);
    const inUs = await reader.profilesOfModel(HAIKU, { region: 'us-east-1' });
    const appOnly = await reader.profilesOfModel(HAIKU, {
      region: 'us-east-1',
      type: 'APPLICATION',
    });

    expect(everywhere.items.map((p) => `${p.region} ${p.profileId}`)).toEqual(
      expect.arrayContaining([
        'us-east-1 us.anthropic.claude-3-haiku-20240307-v1:0',
        'eu-west-1 eu.anthropic.claude-3-haiku-20240307-v1:0',
      ]),
    );
    expect(inUs.items.map((p) => p.profileId).sort()).toEqual(
      [applicationProfile('us-east-1', 1).profileId, `us.${HAIKU}`].sort(),
    );
    expect(appOnly.items.map((p) => p.type)).toEqual(['APPLICATION']);
    for (const profile of everywhere.items) {
      expect(Object.keys(profile)).not.toEqual(expect.arrayContaining(['PK']));
      expect(profile).not.toHaveProperty('expiresAt');
      expect(profile).not.toHaveProperty('contentHash');
      expect(profile).not.toHaveProperty('GSI1PK');
    }
  });

  it('reads a profile in one region, in all regions, and the model behind it', async () => {
    const global = `global.${SONNET_4}`;

    const one = await reader.profile(global, 'eu-west-1');
    const all = await reader.profileInAllRegions(global);
    const model = await reader.modelOfProfile(`us.${HAIKU}`, 'us-east-1');
    const missing = await reader.profile(global, 'ap-southeast-2');

    expect(one).toMatchObject({
      scope: 'global',
      modelArns: expect.arrayContaining([`arn:aws:bedrock:::foundation-model/${SONNET_4}`]),
    });
    expect(all.map((p) => p.region).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(model).toEqual({
      profileId: `us.${HAIKU}`,
      region: 'us-east-1',
      modelId: HAIKU,
      modelIds: [HAIKU],
    });
    expect(missing).toBeNull();
  });

  it('lists a region: its profiles (by model, by type) and all its items (by record type)', async () => {
    const profiles = await reader.regionProfiles('us-east-1');
    const novaProfiles = await reader.regionProfiles('us-east-1', { modelId: NOVA_PRO });
    const systemProfiles = await reader.regionProfiles('us-east-1', { type: 'SYSTEM_DEFINED' });
    const everything = await reader.regionItems('us-east-1');
    const throughputs = await reader.regionItems('us-east-1', { recordType: 'throughput' });

    expect(profiles.items).toHaveLength(us.profiles.length);
    expect(novaProfiles.items.map((p) => p.profileId)).toEqual([`us.${NOVA_PRO}`]);
    expect(systemProfiles.items).toHaveLength(4);
    expect(everything.items).toHaveLength(itemCount(us));
    expect(throughputs.items).toEqual([
      expect.objectContaining({ recordType: 'throughput', name: 'prod-haiku-pt', modelUnits: 1 }),
    ]);
  });

  it('reads a model in a region and every region offering it, with inference types', async () => {
    const model = await reader.model(SONNET_4, 'us-east-1');
    const regions = await reader.modelRegions(SONNET_4);

    expect(model).toMatchObject({ modelId: SONNET_4, inferenceTypes: ['INFERENCE_PROFILE'] });
    expect(regions.map((m) => m.region).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });

  it('lists regions best first: healthy by p50 then p90, unmeasured next, failed last', async () => {
    const regions = await reader.regions();

    expect(regions.map((r) => [r.region, r.status, r.latency?.p50 ?? null])).toEqual([
      ['eu-west-1', 'ok', 100],
      ['us-east-1', 'ok', 210],
      ['us-west-2', 'ok', null],
      ['ap-southeast-2', 'error', 20],
    ]);
  });

  it('reads changes since a time, optionally in one region, and a scan by ID', async () => {
    const changes = await reader.changesSince(new Date(NOW - 60 * MINUTE));
    const none = await reader.changesSince(new Date(NOW - 60 * MINUTE), { region: 'us-east-1' });
    const scan = await reader.scan(SCAN_ID);
    const recent = await reader.recentScans({ limit: 5 });

    expect(changes.items).toEqual([
      expect.objectContaining({
        kind: 'removed',
        entity: 'profile',
        region: 'eu-west-1',
        id: `eu.${NOVA_PRO}`,
        scanId: SCAN_ID,
      }),
    ]);
    expect(changes.nextCursor).toBeNull();
    expect(none.items).toEqual([]);
    expect(scan).toMatchObject({ scanId: SCAN_ID, status: 'succeeded' });
    expect(recent.items.map((s) => s.scanId)).toEqual([SCAN_ID]);
  });
});

describe('CatalogReader pagination', () => {
  it('returns every item of a region exactly once across pages', async () => {
    const { items, pages } = await drain((cursor) =>
      reader.regionItems('us-west-2', { limit: 7, cursor }),
    );

    const keys = items.map((i) =>
      i.recordType === 'profile' ? i.profileId : i.recordType === 'model' ? i.modelId : i.arn,
    );
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(itemCount(big) / 7));
    expect(new Set(keys).size).toBe(itemCount(big));
    expect(keys).toHaveLength(itemCount(big));
  });

  it('keeps paginating past pages that hold only expired items', async () => {
    // Prepare: 12 expired profiles sort before 3 live ones in the region's partition.
    const region = 'eu-south-1';
    const { documentClient, tableName } = table;
    const nowSeconds = Math.floor(NOW / 1000);
    const put = (i: number, expiresAt: number) => {
      const content = {
        ...geoProfile(region, `vendor.model-${String(i).padStart(2, '0')}-v1:0`, 'eu'),
      };
      return documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...profileKeys(content),
            recordType: 'profile',
            ...content,
            firstSeenAt: at(NOW),
            lastSeenAt: at(NOW),
            contentHash: 'x',
            expiresAt,
          },
        }),
      );
    };
    for (let i = 0; i < 12; i++) await put(i, nowSeconds - 3600);
    for (let i = 12; i < 15; i++) await put(i, nowSeconds + 3600);
    const strict = new CatalogReader({
      documentClient,
      tableName,
      cursorSecret: SECRET,
      maxRequestsPerPage: 2,
    });

    // Act
    const first = await strict.regionProfiles(region, { limit: 3 });
    const all = await drain((cursor) => strict.regionProfiles(region, { limit: 3, cursor }));

    // Assess: the first page is empty yet has a cursor; following it finds the live three.
    expect(first).toEqual({ items: [], nextCursor: expect.any(String) });
    expect(all.items.map((p) => p.modelId)).toEqual([
      'vendor.model-12-v1:0',
      'vendor.model-13-v1:0',
      'vendor.model-14-v1:0',
    ]);
  });

  it('rejects a garbage, tampered or foreign cursor, and a raw LastEvaluatedKey', async () => {
    const page = await reader.regionItems('us-west-2', { limit: 5 });
    const cursor = page.nextCursor ?? '';
    const [version, kid, payload, mac] = cursor.split('.');
    const raw = JSON.stringify({
      PK: 'PROFILE#x',
      SK: 'REGION#us-west-2',
      GSI2PK: 'REGION#us-west-2',
      GSI2SK: 'PROFILE#x',
    });
    const forged = Buffer.from(
      JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()).toString(),
    ).toString('base64url');

    await expect(reader.regionItems('us-west-2', { cursor: 'not-a-cursor' })).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(reader.regionItems('us-west-2', { cursor: raw })).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(
      reader.regionItems('us-west-2', { cursor: `${version}.${kid}.${forged}.${mac}` }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(
      reader.regionItems('us-west-2', { cursor: `${version}.${kid}.${payload}.${mac?.slice(1)}A` }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(reader.regionItems('eu-west-1', { cursor })).rejects.toThrow(InvalidCursorError);
    await expect(reader.regionProfiles('us-west-2', { cursor })).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(
      reader.regionItems('us-west-2', { cursor, recordType: 'profile' }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(reader.regionItems('us-west-2', { cursor })).resolves.toMatchObject({
      items: expect.any(Array),
    });
  });

  it('rejects an out-of-range limit or a malformed region before calling DynamoDB', async () => {
    await expect(reader.regionItems('us-west-2', { limit: 0 })).rejects.toThrow(InvalidQueryError);
    await expect(reader.regionItems('us-west-2', { limit: 1001 })).rejects.toThrow(
      InvalidQueryError,
    );
    await expect(reader.regionItems('US_WEST_2')).rejects.toThrow(InvalidQueryError);
  });
});
