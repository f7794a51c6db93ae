import {
  defaultEmulatorData,
  type EmulatorData,
  type RunningEmulator,
  withApplicationProfiles,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader, CatalogWriter, createScanId } from '@bedrock-profile-catalog/catalog';
import {
  type BedrockClientFactory,
  DEFAULT_REGION_DEADLINE_MS,
  runScan,
} from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogTestTable } from '../support/catalog-table.js';
import { startEmulatorClients } from '../support/emulator-clients.js';

const REGION = 'us-east-1';
// Five times the default application-profile quota, at the 8 a page the real API has returned.
const APPLICATION_PROFILES = 5_000;
const PAGE_SIZE = 8;

function applicationProfileIds(data: EmulatorData): string[] {
  const profiles = data.regions[REGION]?.inferenceProfiles ?? [];
  return profiles
    .filter((p) => p.type === 'APPLICATION')
    .map((p) => p.inferenceProfileId)
    .sort();
}

let emulator: RunningEmulator;
let factory: BedrockClientFactory;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ emulator, factory, close } = await startEmulatorClients(
    {
      data: withApplicationProfiles(defaultEmulatorData(), {
        regions: [REGION],
        count: APPLICATION_PROFILES,
      }),
      pageSize: { inferenceProfiles: PAGE_SIZE, provisionedModelThroughputs: PAGE_SIZE },
    },
    { maxAttempts: 2, requestTimeoutMs: 2_000 },
  ));
});

afterAll(() => close());

describe('Function: runScan with a region of hundreds of listing pages', () => {
  it('lists 5,000 application profiles at 8 a page within the deadline and stores every one', async () => {
    // Prepare
    const table = await createCatalogTestTable('many-pages');
    const reader = new CatalogReader({
      documentClient: table.documentClient,
      tableName: table.tableName,
      cursorSecret: 'a-test-secret-of-enough-length',
    });
    const expectedIds = applicationProfileIds(emulator.data());
    // The default data set's own application profiles come on top of the 5,000.
    expect(expectedIds.length - applicationProfileIds(defaultEmulatorData()).length).toBe(
      APPLICATION_PROFILES,
    );
    const startedAt = new Date();

    // Act
    const summary = await runScan({
      scanId: createScanId(startedAt),
      startedAt,
      trigger: 'test',
      regions: [REGION],
      clientFor: factory.clientFor,
      writer: new CatalogWriter({
        documentClient: table.documentClient,
        tableName: table.tableName,
      }),
      publishChanges: async () => {},
      regionDeadlineMs: DEFAULT_REGION_DEADLINE_MS,
    });

    // Assess: hundreds of pages, far past any fixed cap of 100, all read before the deadline.
    expect(summary.regions).toEqual([
      expect.objectContaining({ region: REGION, status: 'ok', error: null }),
    ]);
    const listed = emulator.stats().requests[REGION]?.ListInferenceProfiles ?? 0;
    expect(listed).toBeGreaterThan(Math.ceil(expectedIds.length / PAGE_SIZE));
    expect(summary.regions[0]?.durationMs).toBeLessThan(DEFAULT_REGION_DEADLINE_MS);
    expect(summary.regions[0]?.counts?.applicationProfiles).toBe(expectedIds.length);
    const storedIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.regionProfiles(REGION, {
        type: 'APPLICATION',
        limit: 1_000,
        cursor,
      });
      storedIds.push(...page.items.map((p) => p.profileId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(storedIds.sort()).toEqual(expectedIds);
  });
});
