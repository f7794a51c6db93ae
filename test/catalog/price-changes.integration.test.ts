import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  PRICE_LIST_SLICE,
  type RunningEmulator,
  type SliceOffer,
  type SliceRow,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CATALOG_TABLE,
  CatalogReader,
  CHANGE_DETAIL_TYPES,
  PriceStore,
} from '../../packages/catalog/src/index.js';
import { eventBridgeChangePublisher } from '../../packages/discovery/src/change-publisher.js';
import { runPriceRefresh } from '../../packages/discovery/src/price-list-refresh.js';
import { emulatorDirectory, repricedOffer } from '../pricing/fixtures.js';
import { apiGatewayEvent } from '../support/api-gateway-event.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { assertInContract } from '../support/contract.js';

const FM = 'AmazonBedrockFoundationModels';
const SONNET = 'anthropic.claude-sonnet-4-6';
const SONNET_GEO_CELL = `${SONNET}#us-east-1#inRegionGeo#standard#runtime#onDemand#standard`;
const OUTPUT_USAGE = 'USE1-MP:USE1_OutputTokenCount-Units';
const T0 = Date.parse('2026-12-02T06:00:00.000Z');
const HOUR = 3_600_000;

let emulator: RunningEmulator;
let table: CatalogTestTable;
let events: EventBridgeClient;
let clock = T0;
const directory = emulatorDirectory();
const fm = PRICE_LIST_SLICE.find((o) => o.offerCode === FM) as SliceOffer;
/** FM's rows without Claude Opus 4.6: its 12 cells vanish. */
const withoutOpus = fm.rows.filter(
  (row) => !row.attributes.servicename?.startsWith('Claude Opus 4.6'),
);

const busPublisher = () =>
  eventBridgeChangePublisher({ client: events, eventBusName: 'catalog-bus' });

const refresh = (store: PriceStore) =>
  runPriceRefresh({ store, baseUrl: emulator.url, directory, now: () => new Date(clock) });

/**
 * One scheduled run: the refresh, then its outbox on the emulator's EventBridge. A new store per
 * run: nothing carries over between runs but the table, as in a Lambda.
 */
async function run(publishChanges = busPublisher()) {
  const store = new PriceStore({ ...table, now: () => new Date(clock) });
  const result = await refresh(store);
  await store.publishOutbox(publishChanges);
  return result;
}
const reader = () =>
  new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'price-changes-test-cursor-secret',
    now: () => new Date(clock),
  });

const priceChanges = async () =>
  (await reader().changesSince(new Date(T0), { limit: 1000 })).items.filter(
    (change) => change.entity === 'price',
  );
const priceEvents = () => emulator.events().filter((e) => e.detailType.includes('Price'));

/** FM at a new version, with Sonnet's us-east-1 geo output price set to `usd`. */
const publishSonnetOutput = (version: string, usd: string, rows?: readonly SliceRow[]) =>
  emulator.priceList.publish(repricedOffer(FM, version, OUTPUT_USAGE, usd, rows));

/**
 * The process "dies" at the first write that `dies` picks (after `skip` such writes): that write
 * and every later one fails, as if the Lambda had been killed there. `revive` ends it.
 */
function crashAt(dies: (command: string, input: string) => boolean, skip = 0) {
  let seen = 0;
  let dead = false;
  const name = `crash-${Math.random()}`;
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      if (!dead && dies(command, JSON.stringify(args.input)) && seen++ >= skip) dead = true;
      if (dead && command !== 'QueryCommand') throw new Error('process killed');
      return next(args);
    },
    { step: 'build', name },
  );
  return { revive: () => table.client.middlewareStack.remove(name), isDead: () => dead };
}
/** FM's change-log state: written to mark a write, then to commit it. */
const toPriceLog = (command: string, input: string) =>
  command === 'PutItemCommand' && input.includes('"PRICELOG"') && input.includes(`"${FM}"`);
const toChangeLog = (command: string, input: string) =>
  command === 'BatchWriteItemCommand' && input.includes('"CHANGES#');
const toPriceCells = (command: string, input: string) =>
  command === 'BatchWriteItemCommand' && input.includes(`"PRICES#${FM}"`);

beforeAll(async () => {
  [emulator, table] = await Promise.all([startEmulator(), createCatalogTestTable('price-changes')]);
  events = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  events.destroy();
  await emulator.close();
});

describe('a price change is a change record and an event (dynalite, the emulator’s Price List and EventBridge)', () => {
  it('logs nothing for the first refresh: every cell would be "added"', async () => {
    const first = await run();
    expect(first.writes[FM]?.cellsWritten).toBeGreaterThan(10);
    expect(await priceChanges()).toEqual([]);
    expect(priceEvents()).toEqual([]);
  });

  it('a new version with one changed price writes 1 cell, 1 change record and 1 event', async () => {
    clock = T0 + HOUR;
    publishSonnetOutput('20261001000000', '16.0000000000');

    const result = await run();

    expect(result.writes).toEqual({
      [FM]: { cellsWritten: 1, cellsDeleted: 0, gapsWritten: 0, gapsDeleted: 0 },
    });
    const changes = await priceChanges();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      at: new Date(clock).toISOString(),
      scanId: `price-list/${FM}/20261001000000`,
      region: 'us-east-1',
      kind: 'changed',
      entity: 'price',
      id: SONNET_GEO_CELL,
      before: {
        offer: FM,
        version: '20260901205051',
        directions: { output: { usdPerMTok: 16.5 }, input: { usdPerMTok: 3.3 } },
      },
      after: {
        offer: FM,
        version: '20261001000000',
        directions: { output: { usdPerMTok: 16 }, input: { usdPerMTok: 3.3 } },
      },
    });
    expect(priceEvents()).toMatchObject([
      {
        source: 'bedrock-profile-catalog',
        detailType: CHANGE_DETAIL_TYPES.priceChanged,
        detail: { entity: 'price', kind: 'changed', id: SONNET_GEO_CELL, region: 'us-east-1' },
      },
    ]);
    expect((await new PriceStore(table).log(FM))?.outbox).toEqual([]);
  });

  it('GET /v1/changes returns the price change inside its closed response schema', async () => {
    const handle = createQueryHandler({
      service: new CatalogQueryService({
        reader: reader(),
        startScan: async () => ({ scanId: 'unused' }),
        configuredRegions: ['us-east-1'],
        scanIntervalSeconds: 300,
      }),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const request = { path: '/v1/changes', query: { since: new Date(T0).toISOString() } };
    const result = await handle(apiGatewayEvent(request));
    assertInContract(request, result);
    const body = JSON.parse(result.body ?? '{}') as { items: { entity: string; id: string }[] };
    expect(body.items.filter((c) => c.entity === 'price').map((c) => c.id)).toEqual([
      SONNET_GEO_CELL,
    ]);
  });

  it('an unchanged version writes 0 cells, 0 change records and publishes nothing', async () => {
    emulator.clearEvents();
    clock = T0 + 2 * HOUR;
    const result = await run();
    expect(result.writes).toEqual({});
    expect(await priceChanges()).toHaveLength(1);
    expect(priceEvents()).toEqual([]);
  });

  it('a run that dies after writing the cells, before its commit, is repaired by the next run', async () => {
    emulator.clearEvents();
    clock = T0 + 3 * HOUR;
    publishSonnetOutput('20261002000000', '15.0000000000');
    // The first log write marks the write; the second (the commit) never lands.
    const crash = crashAt(toPriceLog, 1);
    await expect(run()).rejects.toThrow('process killed');
    crash.revive();
    const store = new PriceStore(table);
    const geo = (await store.modelPrices(SONNET, 'us-east-1')).find(
      (c) => c.scope === 'inRegionGeo' && c.tier === 'standard' && c.context === 'standard',
    );
    expect(geo?.directions.output?.usdPerMTok).toBe(15);
    expect((await store.source(FM))?.version).toBe('20261001000000');
    expect(await priceChanges()).toHaveLength(1);

    clock = T0 + 4 * HOUR;
    const repaired = await run();

    // The cell is already right: nothing to write, but the change is still logged and published.
    expect(repaired.writes[FM]).toMatchObject({ cellsWritten: 0, cellsDeleted: 0 });
    const changes = await priceChanges();
    expect(changes.map((c) => [c.scanId, c.before?.version, c.after?.version])).toEqual([
      [`price-list/${FM}/20261001000000`, '20260901205051', '20261001000000'],
      [`price-list/${FM}/20261002000000`, '20261001000000', '20261002000000'],
    ]);
    expect(changes[1]).toMatchObject({
      before: { directions: { output: { usdPerMTok: 16 } } },
      after: { directions: { output: { usdPerMTok: 15 } } },
    });
    expect(priceEvents().map((e) => e.detail.scanId)).toEqual([`price-list/${FM}/20261002000000`]);
  });

  it('a dead apply’s half-written cells never stand in for the committed prices of the next version', async () => {
    emulator.clearEvents();
    clock = T0 + 5 * HOUR;
    // Opus 4.6 leaves the offer and Sonnet's output moves; the run dies once the cells land.
    publishSonnetOutput('20261003000000', '14.0000000000', withoutOpus);
    const crash = crashAt(toPriceLog, 1);
    await expect(run()).rejects.toThrow('process killed');
    crash.revive();

    // Before the next run, AWS publishes again: Opus is back, Sonnet's output is 13.
    clock = T0 + 6 * HOUR;
    publishSonnetOutput('20261004000000', '13.0000000000');
    await run();

    // Against the committed version (15, Opus present): one change, no trace of the dead apply.
    const latest = (await priceChanges()).filter((c) => c.at === new Date(clock).toISOString());
    expect(latest.map((c) => [c.kind, c.id, c.before?.version, c.after?.version])).toEqual([
      ['changed', SONNET_GEO_CELL, '20261002000000', '20261004000000'],
    ]);
    expect(latest[0]).toMatchObject({
      before: { directions: { output: { usdPerMTok: 15 } } },
      after: { directions: { output: { usdPerMTok: 13 } } },
    });
    expect(
      await new PriceStore(table).modelPrices('anthropic.claude-opus-4-6-v1', 'us-east-1'),
    ).not.toEqual([]);
    expect(priceEvents()).toHaveLength(1);
  });

  it('a run that dies after its commit, before the change log, logs and publishes on the next run', async () => {
    emulator.clearEvents();
    clock = T0 + 7 * HOUR;
    publishSonnetOutput('20261005000000', '12.0000000000');
    const crash = crashAt(toChangeLog);
    await expect(run()).rejects.toThrow('process killed');
    crash.revive();
    expect((await new PriceStore(table).log(FM))?.outbox).toHaveLength(1);
    const committedAt = new Date(clock).toISOString();

    clock = T0 + 8 * HOUR;
    const next = await run();

    // The source record follows the log, so this run reads the version again: no cell to write.
    expect(next.writes).toEqual({
      [FM]: { cellsWritten: 0, cellsDeleted: 0, gapsWritten: 0, gapsDeleted: 0 },
    });
    const logged = (await priceChanges()).filter((c) => c.scanId.endsWith('/20261005000000'));
    // Stamped with the commit time, so a second drain rewrites the same record.
    expect(logged.map((c) => [c.at, c.id])).toEqual([[committedAt, SONNET_GEO_CELL]]);
    expect(priceEvents().map((e) => e.detail.scanId)).toEqual([`price-list/${FM}/20261005000000`]);
    expect((await new PriceStore(table).log(FM))?.outbox).toEqual([]);
  });

  it('a failed publish keeps the changes in the outbox, and the next run publishes them', async () => {
    emulator.clearEvents();
    clock = T0 + 8.5 * HOUR;
    publishSonnetOutput('20261005500000', '10.5000000000');
    const unreachable = async () => {
      throw new Error('EventBridge unreachable');
    };
    await expect(run(unreachable)).rejects.toThrow('EventBridge unreachable');
    expect((await new PriceStore(table).log(FM))?.outbox).toHaveLength(1);
    // Already in the change log: only the event is owed.
    expect((await priceChanges()).filter((c) => c.scanId.endsWith('/20261005500000'))).toHaveLength(
      1,
    );

    clock = T0 + 8.75 * HOUR;
    await run();
    expect(priceEvents().map((e) => [e.detail.scanId, e.detail.after])).toMatchObject([
      [`price-list/${FM}/20261005500000`, { directions: { output: { usdPerMTok: 10.5 } } }],
    ]);
    expect((await new PriceStore(table).log(FM))?.outbox).toEqual([]);
  });

  it('without a publisher the change is still logged, and its event waits for a run with one', async () => {
    emulator.clearEvents();
    clock = T0 + 8.8 * HOUR;
    publishSonnetOutput('20261005700000', '11.0000000000');
    await refresh(new PriceStore({ ...table, now: () => new Date(clock) }));
    const version = (c: { scanId: string }) => c.scanId.endsWith('/20261005700000');
    expect((await priceChanges()).filter(version)).toHaveLength(1);
    expect(priceEvents()).toEqual([]);
    expect((await new PriceStore(table).log(FM))?.outbox).toHaveLength(1);

    clock = T0 + 8.9 * HOUR;
    await run();
    expect(priceEvents().map((e) => e.detail.scanId)).toEqual([`price-list/${FM}/20261005700000`]);
    expect((await priceChanges()).filter(version)).toHaveLength(1);
  });

  it('a cell that vanishes or appears is a removed or added change, and only cells move', async () => {
    emulator.clearEvents();
    clock = T0 + 9 * HOUR;
    const crash = crashAt(toPriceCells);
    publishSonnetOutput('20261006000000', '11.0000000000', withoutOpus);
    await expect(run()).rejects.toThrow('process killed');
    crash.revive();
    // The journal landed, no cell did: the next run writes the cells and logs all 12.
    clock = T0 + 10 * HOUR;
    await run();
    const removed = (await priceChanges()).filter((c) => c.scanId.endsWith('/20261006000000'));
    expect(removed).toHaveLength(12);
    expect(removed.every((c) => c.kind === 'removed' && c.after === null)).toBe(true);
    expect(removed.every((c) => c.id.startsWith('anthropic.claude-opus-4-6-v1#'))).toBe(true);
    expect(priceEvents()).toHaveLength(12);
    expect(new Set(priceEvents().map((e) => e.detailType))).toEqual(
      new Set([CHANGE_DETAIL_TYPES.priceRemoved]),
    );

    emulator.clearEvents();
    clock = T0 + 11 * HOUR;
    publishSonnetOutput('20261007000000', '11.0000000000');
    await run();
    const added = (await priceChanges()).filter((c) => c.scanId.endsWith('/20261007000000'));
    expect(added.map((c) => c.kind)).toEqual(Array(12).fill('added'));
    expect(added.every((c) => c.before === null)).toBe(true);
    expect(priceEvents()).toHaveLength(12);
    // Expired with the scan's change records: every one carries the TTL attribute.
    const stored = await table.documentClient.send(new ScanCommand({ TableName: table.tableName }));
    const changeItems = (stored.Items ?? []).filter((i) => i.recordType === 'change');
    expect(changeItems.every((i) => typeof i[CATALOG_TABLE.ttlAttribute] === 'number')).toBe(true);
  });
});
