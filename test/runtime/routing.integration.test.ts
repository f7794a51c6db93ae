import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  type CatalogRoutingOptions,
  iamResourcesFor,
  type RouteEvent,
  type SnapshotView,
  withCatalogRouting,
} from '@bedrock-profile-catalog/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Issue 14 §3, end to end: the real BedrockRuntimeClient, with the middleware, against the
 * emulator's runtime endpoint, over the catalog local mode scanned from the emulator's data.
 */
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
// INFERENCE_PROFILE-only with two usable profiles from us-east-1: us. (geo), then global.
const HAIKU_4_5 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const HELLO = [{ role: 'user' as const, content: [{ text: 'Hi' }] }];
// InvokeModel's body is the model's own format: Anthropic Messages here.
const ANTHROPIC_HELLO = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 1,
  messages: [{ role: 'user', content: 'Hi' }],
};

let catalog: LocalCatalog;
let snapshot: SnapshotView;
let documentClient: DynamoDBDocumentClient;
const clients: BedrockRuntimeClient[] = [];

function emulator() {
  if (!catalog.emulator) throw new Error('needs the embedded emulator');
  return catalog.emulator;
}

/** A plain client of the emulator's runtime, as a workload builds one. */
function bare(region = 'us-east-1') {
  const client = new BedrockRuntimeClient({
    region,
    endpoint: emulator().url,
    credentials: CREDENTIALS,
  });
  clients.push(client);
  return client;
}

function routed(options: Partial<CatalogRoutingOptions> = {}, region = 'us-east-1') {
  const warnings: string[] = [];
  const events: RouteEvent[] = [];
  const client = withCatalogRouting(bare(region), {
    source: { snapshot },
    logger: { warn: (message) => warnings.push(message) },
    onRoute: (event) => events.push(event),
    ...options,
  });
  return { client, warnings, events };
}

const converse = (client: BedrockRuntimeClient, modelId: string) =>
  client.send(new ConverseCommand({ modelId, messages: HELLO, inferenceConfig: { maxTokens: 1 } }));

const sentIds = () =>
  emulator()
    .runtime.calls()
    .map((call) => `${call.region} ${call.modelId}`);

beforeAll(async () => {
  catalog = await startTestCatalog();
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint ?? undefined,
      credentials: CREDENTIALS,
    }),
  );
  const answer = await fetchJson<SnapshotView>(catalog, '/v1/snapshot?region=us-east-1');
  snapshot = answer.body;
});

afterEach(() => emulator().runtime.reset());

afterAll(async () => {
  for (const client of clients) client.destroy();
  await catalog?.close();
});

describe('withCatalogRouting through the real BedrockRuntimeClient', () => {
  it('sends an INFERENCE_PROFILE-only model, called by its bare ID from us-east-1, as its us. profile', async () => {
    // Without the middleware the bare ID is what reaches Bedrock (and fails there, on AWS).
    await converse(bare(), SONNET_4_5).catch(() => undefined);
    expect(sentIds()).toEqual([`us-east-1 ${SONNET_4_5}`]);
    emulator().runtime.reset();

    const { client, events } = routed();
    const out = await converse(client, SONNET_4_5);
    expect(out.output?.message?.role).toBe('assistant');
    expect(sentIds()).toEqual([`us-east-1 us.${SONNET_4_5}`]);
    expect(events).toMatchObject([
      { modelId: SONNET_4_5, attempt: 1, error: null, target: { targetId: `us.${SONNET_4_5}` } },
    ]);
    expect(await client.catalogRouting.catalogAsOf()).toBe(snapshot.catalogAsOf);
  });

  it('sends a profile ID and a profile ARN untouched', async () => {
    const { client, events } = routed();
    const arn = snapshot.models[SONNET_4_5]?.find((t) => t.scope === 'global')?.targetArn;
    expect(arn).toMatch(/^arn:aws:bedrock:us-east-1:\d{12}:inference-profile\/global\./);
    await converse(client, `us.${SONNET_4_5}`);
    await converse(client, arn as string);
    expect(
      emulator()
        .runtime.calls()
        .map((c) => c.modelId),
    ).toEqual([`us.${SONNET_4_5}`, arn]);
    expect(events).toEqual([]);
  });

  it('fails over from a throttled first target to the next, and onRoute reports both', async () => {
    emulator().runtime.setTarget(`us.${HAIKU_4_5}`, { ttftMs: 1, fault: 'throttled' });
    const { client, events } = routed({ failover: { maxTargets: 3 } });
    const started = performance.now();
    await converse(client, HAIKU_4_5);
    // Failover replaces the SDK's backoff on the throttled target: one call each, no waiting.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(sentIds()).toEqual([`us-east-1 us.${HAIKU_4_5}`, `us-east-1 global.${HAIKU_4_5}`]);
    expect(events.map((e) => [e.attempt, e.target.targetId, e.error?.name ?? null])).toEqual([
      [1, `us.${HAIKU_4_5}`, 'ThrottlingException'],
      [2, `global.${HAIKU_4_5}`, null],
    ]);
  });

  it('never sends a target the catalog knows is refused: the caller gets the error after the SDK retries', async () => {
    // The emulator's account has a global quota of 0 for Sonnet 4.5: its us. profile is all there is.
    emulator().runtime.setTarget(`us.${SONNET_4_5}`, { ttftMs: 1, fault: 'throttled' });
    const { client } = routed({ failover: { maxTargets: 3 } });
    const error = await converse(client, SONNET_4_5).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ThrottlingException');
    // The SDK's 3 attempts on the only usable target.
    expect(sentIds()).toEqual(Array(3).fill(`us-east-1 us.${SONNET_4_5}`));
  });

  it("scope ['in-region', 'application', 'geo'] never sends a global. profile", async () => {
    emulator().runtime.setTarget(`us.${HAIKU_4_5}`, { ttftMs: 1, fault: 'notReady' });
    const { client } = routed({
      scope: ['in-region', 'application', 'geo'],
      failover: { maxTargets: 5 },
    });
    await converse(client, HAIKU_4_5).catch(() => undefined);
    expect(await client.catalogRouting.resolve(HAIKU_4_5)).not.toContainEqual(
      expect.objectContaining({ scope: 'global' }),
    );
    expect(sentIds().some((id) => id.includes('global.'))).toBe(false);
  });

  it('fails over to clients of other source regions after its own targets, fast there too', async () => {
    // The emulator injects faults by model ID in every region: other geographies' profiles.
    emulator().runtime.setTarget(`us.${HAIKU_4_5}`, { ttftMs: 1, fault: 'throttled' });
    emulator().runtime.setTarget(`eu.${HAIKU_4_5}`, { ttftMs: 1, fault: 'throttled' });
    const others = ['eu-west-1', 'ap-northeast-1'];
    const snapshots = await Promise.all(
      others.map(
        async (r) => (await fetchJson<SnapshotView>(catalog, `/v1/snapshot?region=${r}`)).body,
      ),
    );
    const tokyo = snapshots[1]?.models[HAIKU_4_5]?.find((t) => t.scope === 'geo')?.targetId;
    expect(tokyo).toMatch(/^(apac|jp)\./);
    const { client, events } = routed({
      source: { snapshot: [snapshot, ...snapshots] },
      scope: ['geo'],
      failover: { regionClients: others.map((r) => bare(r)) },
    });
    await converse(client, HAIKU_4_5);
    // One call each: the SDK retried none of the throttled targets, here or in eu-west-1.
    expect(sentIds()).toEqual([
      `us-east-1 us.${HAIKU_4_5}`,
      `eu-west-1 eu.${HAIKU_4_5}`,
      `ap-northeast-1 ${tokyo}`,
    ]);
    expect(events.map((e) => [e.sourceRegion, e.attempt, e.error?.name ?? null])).toEqual([
      ['us-east-1', 1, 'ThrottlingException'],
      ['eu-west-1', 2, 'ThrottlingException'],
      ['ap-northeast-1', 3, null],
    ]);
  });

  it('a model with an in-region bare ID keeps it', async () => {
    const { client } = routed();
    await converse(client, HAIKU_3);
    expect(sentIds()).toEqual([`us-east-1 ${HAIKU_3}`]);
  });

  it('ConverseStream works through the middleware', async () => {
    const { client } = routed();
    const out = await client.send(
      new ConverseStreamCommand({ modelId: HAIKU_4_5, messages: HELLO }),
    );
    const events: string[] = [];
    for await (const event of out.stream ?? []) events.push(...Object.keys(event));
    expect(events).toContain('contentBlockDelta');
    expect(emulator().runtime.calls()).toMatchObject([
      { modelId: `us.${HAIKU_4_5}`, operation: 'ConverseStream' },
    ]);
  });

  it('InvokeModel is routed like Converse, and fails over from a throttled first target', async () => {
    emulator().runtime.setTarget(`us.${HAIKU_4_5}`, { ttftMs: 1, fault: 'throttled' });
    const { client, events } = routed({ failover: { maxTargets: 3 } });
    const out = await client.send(
      new InvokeModelCommand({
        modelId: HAIKU_4_5,
        contentType: 'application/json',
        body: JSON.stringify(ANTHROPIC_HELLO),
      }),
    );
    const answer = JSON.parse(new TextDecoder().decode(out.body)) as {
      content: { text: string }[];
    };
    expect(answer.content[0]?.text).toBe('H');
    expect(emulator().runtime.calls()).toMatchObject([
      { modelId: `us.${HAIKU_4_5}`, operation: 'InvokeModel', outcome: 'ThrottlingException' },
      { modelId: `global.${HAIKU_4_5}`, operation: 'InvokeModel', outcome: 'ok' },
    ]);
    expect(events.map((e) => e.target.targetId)).toEqual([
      `us.${HAIKU_4_5}`,
      `global.${HAIKU_4_5}`,
    ]);
  });

  it('InvokeModelWithResponseStream is routed, and its chunks arrive', async () => {
    const { client } = routed();
    const out = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: SONNET_4_5,
        contentType: 'application/json',
        body: JSON.stringify(ANTHROPIC_HELLO),
      }),
    );
    const types: string[] = [];
    for await (const event of out.body ?? []) {
      const bytes = event.chunk?.bytes;
      if (bytes) types.push((JSON.parse(new TextDecoder().decode(bytes)) as { type: string }).type);
    }
    expect(types).toEqual(['message_start', 'content_block_delta', 'message_stop']);
    expect(emulator().runtime.calls()).toMatchObject([
      { modelId: `us.${SONNET_4_5}`, operation: 'InvokeModelWithResponseStream', maxTokens: 1 },
    ]);
  });

  it('with the snapshot source down at start, sends the bare ID and warns once', async () => {
    const { client, warnings } = routed({ source: { apiUrl: 'http://127.0.0.1:9' } });
    await converse(client, SONNET_4_5).catch(() => undefined);
    await converse(client, SONNET_4_5).catch(() => undefined);
    expect(sentIds()).toEqual(Array(2).fill(`us-east-1 ${SONNET_4_5}`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot load the catalog snapshot for us-east-1.*as given/);
    expect(await client.catalogRouting.catalogAsOf()).toBeNull();
  });

  it('a snapshot via apiUrl, via the table, via an object and via a file resolve alike', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'snapshot-'));
    const file = join(directory, 'us-east-1.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const sources: CatalogRoutingOptions['source'][] = [
      { apiUrl: catalog.url },
      { tableName: catalog.tableName, documentClient },
      { snapshot },
      { snapshot: file },
    ];
    const held = await Promise.all(
      sources.map((source) => routed({ source }).client.catalogRouting.snapshot()),
    );
    for (const one of held) expect(one).toEqual(snapshot);
    const { client } = routed({ source: { apiUrl: catalog.url } });
    await converse(client, SONNET_4_5);
    expect(sentIds()).toEqual([`us-east-1 us.${SONNET_4_5}`]);
  });

  it('refreshes in the background, stale while revalidate, with If-None-Match (304)', async () => {
    // A pass-through in front of local mode that records what the middleware asks.
    const seen: { ifNoneMatch: string | null; status: number }[] = [];
    const proxy: Server = createServer(async (request, response) => {
      const upstream = await fetch(`${catalog.url}${request.url}`, {
        headers: request.headers['if-none-match']
          ? { 'if-none-match': String(request.headers['if-none-match']) }
          : {},
      });
      seen.push({
        ifNoneMatch: (request.headers['if-none-match'] as string | undefined) ?? null,
        status: upstream.status,
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      response.writeHead(upstream.status, { etag: upstream.headers.get('etag') ?? '' });
      response.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const { client } = routed({
        source: { apiUrl: `http://127.0.0.1:${port}` },
        refreshIntervalMs: 0,
      });
      await converse(client, HAIKU_4_5);
      expect(seen).toEqual([{ ifNoneMatch: null, status: 200 }]);
      // Held and stale: this call goes out on what is held and starts one reload.
      await converse(client, HAIKU_4_5);
      await client.catalogRouting.refresh();
      expect(seen.slice(1).every((r) => r.status === 304 && r.ifNoneMatch?.startsWith('"'))).toBe(
        true,
      );
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(sentIds()).toEqual(Array(2).fill(`us-east-1 us.${HAIKU_4_5}`));
      expect(await client.catalogRouting.catalogAsOf()).toBe(snapshot.catalogAsOf);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('rank latency sends the measured fastest target first', async () => {
    const targets = snapshot.models[HAIKU_4_5] ?? [];
    const [geo, global] = [targets[0], targets[1]];
    expect([geo?.scope, global?.scope]).toEqual(['geo', 'global']);
    const measured: SnapshotView = {
      ...snapshot,
      models: {
        ...snapshot.models,
        [HAIKU_4_5]: targets.map((t) => ({
          ...t,
          latency: {
            ttftMs: t.scope === 'global' ? { p50: 50, p90: 60 } : { p50: 300, p90: 400 },
            invocationMs: null,
            samples: 5,
            window: 'last 5 probes',
            source: 'probe' as const,
            fromRegion: 'us-east-1',
            asOf: '2026-12-01T00:00:00.000Z',
          },
        })),
      },
    };
    const { client } = routed({ source: { snapshot: measured }, rank: 'latency' });
    await converse(client, HAIKU_4_5);
    expect(sentIds()).toEqual([`us-east-1 global.${HAIKU_4_5}`]);
  });
});

describe('iamResourcesFor', () => {
  it('names the profile and its model in every destination region; a global one region-less too', () => {
    const [geo, global] = snapshot.models[HAIKU_4_5] ?? [];
    if (!geo || !global) throw new Error('expected a geo and a global target');
    const geoArns = iamResourcesFor(geo);
    expect(geoArns[0]).toBe(geo.targetArn);
    expect(geoArns.slice(1)).toEqual(
      [...geo.destinationRegions]
        .sort()
        .map((r) => `arn:aws:bedrock:${r}::foundation-model/${HAIKU_4_5}`),
    );
    expect(iamResourcesFor(global)).toContain(`arn:aws:bedrock:::foundation-model/${HAIKU_4_5}`);
    const haiku = snapshot.models[HAIKU_3]?.find((t) => t.kind === 'model');
    expect(haiku && iamResourcesFor(haiku)).toEqual([haiku?.targetArn]);
  });
});
