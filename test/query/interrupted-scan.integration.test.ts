import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, CatalogWriter } from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  createScanner,
  loggingChangePublisher,
  type Scanner,
} from '@bedrock-profile-catalog/discovery';
import {
  CatalogQueryService,
  createQueryHandler,
  type QueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { run } from '../../packages/cli/src/main.js';
import { toApiGatewayEvent, writeResult } from '../../packages/local/src/http-adapter.js';
import { apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { createCatalogTestTable } from '../support/catalog-table.js';
import { assertInContract } from '../support/contract.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const quiet = { info() {}, warn() {}, error() {} };

let writer: CatalogWriter;
let reader: CatalogReader;
let handle: QueryHandler;
let clockOffsetMs = 0;
let tableName: string;
const clientConfig = {
  region: 'us-east-1',
  endpoint: inject('dynamoEndpoint'),
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

/**
 * A scanner whose process dies right after it recorded its scan as running: every region read
 * hangs for good, so nothing after the first write ever happens (the Lambda timed out, or local
 * mode was killed). From the table's side that is exactly a killed scanner.
 */
function killedScanner(): Scanner {
  return createScanner({
    clientFor: createBedrockClientFactory({ endpoint: 'http://127.0.0.1:9' }).clientFor,
    writer,
    publishChanges: loggingChangePublisher(() => {}),
    regions: REGIONS,
    settings: { regionDeadlineMs: 60_000, accessCheck: false },
    scanRegion: () => new Promise(() => {}),
    logger: quiet,
  });
}

function serviceWith(options: { now?: () => Date; startScan?: Scanner } = {}) {
  const scanner = options.startScan;
  return new CatalogQueryService({
    reader,
    configuredRegions: REGIONS,
    scanIntervalSeconds: 300,
    ...(options.now ? { now: options.now } : {}),
    startScan: async ({ regions }) => {
      if (!scanner) throw new Error('no scanner in this test');
      // The scanner's process has 300 ms to live, as a Lambda with a very short timeout would.
      return scanner.start({
        trigger: 'api',
        ...(regions ? { regions } : {}),
        deadlineAt: new Date(Date.now() + 300),
      });
    },
  });
}

/** Every answer is checked against the route's response schema. */
async function call(init: Parameters<typeof apiGatewayEvent>[0]) {
  const result = await handle(apiGatewayEvent(init));
  assertInContract(init, result);
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
}

async function untilRecorded(scanId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await call({ path: `/v1/scans/${seg(scanId)}` });
    if (answer.status === 200) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`scan ${scanId} never recorded`);
}

beforeAll(async () => {
  const table = await createCatalogTestTable('interrupted');
  tableName = table.tableName;
  writer = new CatalogWriter({ documentClient: table.documentClient, tableName: table.tableName });
  reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'interrupted-scan-test-secret',
  });
  handle = createQueryHandler({
    service: serviceWith({ now: () => new Date(Date.now() + clockOffsetMs) }),
    logger: quiet,
  });
});

beforeEach(() => {
  clockOffsetMs = 0;
});

describe('a scan whose scanner died', () => {
  it('reads running until its deadline, then failed with error code interrupted', async () => {
    const deadlineAt = new Date(Date.now() + 60_000);
    const { scanId } = killedScanner().start({ trigger: 'api', deadlineAt });

    const running = await untilRecorded(scanId);
    expect(running.body).toMatchObject({ scanId, status: 'running', error: null });

    clockOffsetMs = 61_000;
    const dead = await call({ path: `/v1/scans/${seg(scanId)}` });
    expect(dead.status).toBe(200);
    expect(dead.body).toMatchObject({
      scanId,
      status: 'failed',
      finishedAt: null,
      error: { code: 'interrupted' },
    });
    expect(dead.body.error.message).toContain(deadlineAt.toISOString());

    const health = await call({ path: '/v1/health' });
    expect(health.body.interruptedScans).toBeGreaterThanOrEqual(1);
  });

  it('a scanner given no deadline still records one: its own maximum run time', async () => {
    const before = Date.now();
    const { scanId } = killedScanner().start({ trigger: 'local' });
    await untilRecorded(scanId);

    clockOffsetMs = 10 * 60_000;
    const dead = await call({ path: `/v1/scans/${seg(scanId)}` });
    expect(dead.body).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    const stored = await reader.scan(scanId);
    const deadlineMs = Date.parse(stored?.deadlineAt ?? '');
    expect(deadlineMs - before).toBeGreaterThan(0);
    expect(deadlineMs - before).toBeLessThanOrEqual(10 * 60_000);
  });

  it('a running record written before scans had deadlines stays running and readable', async () => {
    const startedAt = new Date(Date.now() - 24 * 60 * 60_000).toISOString();
    await writer.putScan({
      recordType: 'scan',
      scanId: 'legacy-running-scan',
      status: 'running',
      trigger: 'schedule',
      startedAt,
      finishedAt: null,
      durationMs: null,
      regions: [],
    });
    const answer = await call({ path: '/v1/scans/legacy-running-scan' });
    expect(answer.body).toMatchObject({ status: 'running', error: null, startedAt });
  });

  it('health counts only scans past their deadline, not a scan still inside it', async () => {
    const interrupted = async (offsetMs: number) => {
      clockOffsetMs = offsetMs;
      return (await call({ path: '/v1/health' })).body.interruptedScans as number;
    };
    // The earlier scans of this file all have deadlines under 3 minutes from now.
    const before = await interrupted(6 * 60_000);
    expect(await interrupted(4 * 60_000)).toBe(before);
    const { scanId } = killedScanner().start({
      trigger: 'api',
      deadlineAt: new Date(Date.now() + 5 * 60_000),
    });
    await untilRecorded(scanId);
    expect(await interrupted(4 * 60_000)).toBe(before);
    expect(await interrupted(6 * 60_000)).toBe(before + 1);
  });

  it("health costs three requests, sent at once: the region records, one page of scans and the month's probe budget", async () => {
    const sent: string[] = [];
    const counted = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
    counted.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'initialize' },
    );
    const health = await new CatalogQueryService({
      reader: new CatalogReader({
        documentClient: counted,
        tableName,
        cursorSecret: 'interrupted-scan-test-secret',
      }),
      configuredRegions: REGIONS,
      scanIntervalSeconds: 300,
      now: () => new Date(Date.now() + 10 * 60_000),
      startScan: async () => ({ scanId: 'unused' }),
    }).health();
    expect(sent.sort()).toEqual(['GetItemCommand', 'QueryCommand', 'QueryCommand']);
    expect(health.probeBudget).toBeNull();
    expect(health.interruptedScans).toBeGreaterThanOrEqual(1);
  });
});

describe('bedrock-catalog scan --wait, when the scanner dies', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const cliHandle = createQueryHandler({
      service: serviceWith({ startScan: killedScanner() }),
      logger: quiet,
    });
    server = createServer((request, response) => {
      toApiGatewayEvent(request)
        .then((event) => cliHandle(event))
        .then((result) => writeResult(response, result));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('ends once the deadline passes: exit 1, with the interrupted error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const started = Date.now();
    const code = await run(['scan', '--wait', '--endpoint', url], {
      io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      env: {},
      pollMs: 50,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    const text = out.join('');
    expect(text).toMatch(/^Scan \S+: failed/);
    expect(text).toContain('interrupted: ');
  });
});
