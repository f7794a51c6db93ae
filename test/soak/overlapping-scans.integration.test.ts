import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader, CatalogWriter, type ChangeRecord } from '@bedrock-profile-catalog/catalog';
import { type BedrockClientFactory, createScanner } from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { startEmulatorClients } from '../support/emulator-clients.js';
import { MANY_ADDITIONS } from '../support/soak-crash.js';

/**
 * Issue 11's focused case: two scans of one table started close together (what two POST
 * /v1/scans 0–400 ms apart did before they were coalesced, and what a scheduled scan overlapping
 * a requested one still does), after 150 profiles were added. Today's writer loses change
 * records here: the older scan is superseded before it logs them, and the newer one diffs
 * against the items the older one already wrote.
 */
const REGION = 'us-east-1';

let emulator: RunningEmulator;
let factory: BedrockClientFactory;
let close: () => Promise<void>;
let table: CatalogTestTable;
let reader: CatalogReader;
let published: ChangeRecord[];

const scanner = () =>
  createScanner({
    clientFor: factory.clientFor,
    writer: new CatalogWriter({ documentClient: table.documentClient, tableName: table.tableName }),
    publishChanges: async (changes) => {
      published.push(...changes);
    },
    regions: [REGION],
    settings: { regionDeadlineMs: 20_000 },
  });

async function changesSince(since: Date): Promise<ChangeRecord[]> {
  const items: ChangeRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.changesSince(since, { region: REGION, limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  ({ emulator, factory, close } = await startEmulatorClients({}, { maxAttempts: 1 }));
  table = await createCatalogTestTable('overlapping-scans');
  reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'overlapping-scans-cursor-secret',
  });
  published = [];
  // The first snapshot of a region is not news; the additions below are.
  await scanner().scan({ trigger: 'test' });
});

afterAll(() => close());

describe('two overlapping scans after 150 additions', () => {
  it.each([0, 20, 60, 150, 400])(
    'yields 150 added records and events with the second started %i ms after the first',
    async (gapMs) => {
      // Arrange
      const since = new Date();
      published = [];
      const model = emulator.data().regions[REGION]?.foundationModels[0]?.modelArn ?? '';
      const added = Array.from({ length: MANY_ADDITIONS }, (_, i) => `overlap-${gapMs}-${i}`);
      for (const id of added) {
        emulator.addProfile(REGION, {
          inferenceProfileId: id,
          type: 'APPLICATION',
          models: [{ modelArn: model }],
        });
      }

      // Act
      const first = scanner().start({ trigger: 'test' });
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      const second = scanner().start({ trigger: 'test' });
      await Promise.all([first.outcome, second.outcome]);

      // Assess
      const addedInFeed = new Set(
        (await changesSince(since))
          .filter((c) => c.kind === 'added' && c.entity === 'profile')
          .map((c) => c.id),
      );
      const addedPublished = new Set(
        published.filter((c) => c.kind === 'added' && c.entity === 'profile').map((c) => c.id),
      );
      expect(added.filter((id) => !addedInFeed.has(id))).toEqual([]);
      expect(addedInFeed.size).toBe(MANY_ADDITIONS);
      expect(added.filter((id) => !addedPublished.has(id))).toEqual([]);
    },
  );
});
