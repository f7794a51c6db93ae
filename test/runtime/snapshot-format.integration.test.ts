import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { SNAPSHOT_FORMAT_VERSION, Snapshot } from '@bedrock-profile-catalog/query-api';
import {
  type CatalogRoutingOptions,
  type SnapshotView,
  withCatalogRouting,
} from '@bedrock-profile-catalog/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';
import { withLocalPrices } from '../support/local-prices.js';

/**
 * The snapshot's format version, end to end: the schema is closed (an unknown field fails), so
 * format 1's reader refuses a snapshot whose targets carry `price`; format 2 carries it, and a
 * reader of one format refuses the other with one line naming both, then routes as given.
 */
const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

let catalog: LocalCatalog;
let snapshot: SnapshotView;
const clients: BedrockRuntimeClient[] = [];

function routed(source: CatalogRoutingOptions['source']) {
  if (!catalog.emulator) throw new Error('needs the embedded emulator');
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: catalog.emulator.url,
    credentials: CREDENTIALS,
  });
  clients.push(client);
  const warnings: string[] = [];
  const routedClient = withCatalogRouting(client, {
    source,
    logger: { warn: (message) => warnings.push(message) },
  });
  return { client: routedClient, warnings };
}

function writeJson(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'snapshot-format-')), 'us-east-1.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** The snapshot as format 1 had it: the same targets without `price`. */
function formatOne(from: SnapshotView) {
  const models = Object.fromEntries(
    Object.entries(from.models).map(([modelId, targets]) => [
      modelId,
      targets.map(({ price: _price, ...rest }) => rest),
    ]),
  );
  return { ...from, formatVersion: 1, models };
}

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1' });
  await withLocalPrices(catalog);
  const { status, body } = await fetchJson<SnapshotView>(catalog, '/v1/snapshot?region=us-east-1');
  expect(status).toBe(200);
  snapshot = body;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await catalog?.close();
});

describe('snapshot formatVersion', () => {
  it('is 2, and its targets carry their price', () => {
    expect(SNAPSHOT_FORMAT_VERSION).toBe(2);
    expect(snapshot.formatVersion).toBe(2);
    const global = snapshot.models[NOVA_2_LITE]?.find(
      (t) => t.targetId === `global.${NOVA_2_LITE}`,
    );
    expect(global?.price).toMatchObject({
      state: 'published',
      inputPerMTok: 0.3,
      outputPerMTok: 2.5,
    });
  });

  it('has a closed schema: a field the reader does not know fails, so adding one bumps the version', () => {
    const [modelId, targets] = Object.entries(snapshot.models).find(([, t]) => t.length > 0) ?? [];
    const [first, ...rest] = targets ?? [];
    const widened = {
      ...snapshot,
      models: { ...snapshot.models, [modelId ?? '']: [{ ...first, surcharge: 1 }, ...rest] },
    };
    const parsed = Snapshot.safeParse(widened);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.message).toContain('surcharge');
    // Format 1's reader had this closed schema without `price`; format 2 requires it.
    expect(Snapshot.safeParse({ ...formatOne(snapshot), formatVersion: 2 }).success).toBe(false);
  });

  it('a format-2 reader reads it with prices from the API and from a file', async () => {
    for (const source of [{ apiUrl: catalog.url }, { snapshot: writeJson(snapshot) }]) {
      const { client, warnings } = routed(source);
      expect(await client.catalogRouting.snapshot()).toEqual(snapshot);
      expect(warnings).toEqual([]);
    }
  });

  it('refuses a format-1 snapshot with one line naming both versions, and routes as given', async () => {
    const { client, warnings } = routed({ snapshot: writeJson(formatOne(snapshot)) });
    expect(await client.catalogRouting.snapshot()).toBeNull();
    await client
      .send(
        new ConverseCommand({
          modelId: NOVA_2_LITE,
          messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
          inferenceConfig: { maxTokens: 1 },
        }),
      )
      .catch(() => undefined);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /snapshot formatVersion 1, this middleware reads 2: .*\[SNAPSHOT_FORMAT_UNSUPPORTED\]; calls go out with the model ID as given$/,
    );
    expect(warnings[0]).not.toMatch(/\n|at .*\.ts/);
  });
});
