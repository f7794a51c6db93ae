import { type ChildProcess, spawn } from 'node:child_process';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { assertInContract } from '../support/contract.js';

const ROOT = new URL('../..', import.meta.url);
const REGION = 'eu-west-1';
const quiet = { info() {}, warn() {}, error() {} };

let emulator: RunningEmulator;
let table: CatalogTestTable;
let child: ChildProcess | undefined;

beforeAll(async () => {
  emulator = await startEmulator();
  table = await createCatalogTestTable('scanner-killed');
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await emulator?.close();
});

describe('the scanner Lambda killed mid-scan (SIGKILL, as at its timeout)', () => {
  it('leaves a scan that reads failed/interrupted once the function timeout has passed', async () => {
    // The region's listing hangs, so the scan is certainly mid-way when the process dies.
    emulator.setFault(REGION, { kind: 'hang' });
    child = spawn(process.execPath, ['--import', 'tsx', 'test/support/scanner-process.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL_BEDROCK: emulator.url,
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        TABLE_NAME: table.tableName,
        CATALOG_REGIONS: REGION,
        EVENT_BUS_NAME: 'catalog-test-bus',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child?.on('exit', (_code, signal) => resolve(signal)),
    );

    let clockOffsetMs = 0;
    const reader = new CatalogReader({
      documentClient: table.documentClient,
      tableName: table.tableName,
      cursorSecret: 'scanner-killed-test-secret',
    });
    const handle = createQueryHandler({
      service: new CatalogQueryService({
        reader,
        configuredRegions: [REGION],
        scanIntervalSeconds: 300,
        now: () => new Date(Date.now() + clockOffsetMs),
        startScan: async () => {
          throw new Error('not used');
        },
      }),
      logger: quiet,
    });
    const call = async (path: string) => {
      const result = await handle(apiGatewayEvent({ path }));
      assertInContract({ path }, result);
      return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
    };

    let scanId: string | undefined;
    for (let attempt = 0; attempt < 400 && !scanId; attempt++) {
      scanId = (await reader.recentScans({ limit: 1 })).items[0]?.scanId;
      if (!scanId) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(scanId, 'the scanner never recorded its scan').toBeDefined();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const path = `/v1/scans/${seg(scanId ?? '')}`;
    const running = await call(path);
    expect(running.body).toMatchObject({ status: 'running', error: null });
    // The Lambda's own deadline: its invocation time plus the 120 s function timeout.
    const deadlineMs = Date.parse(running.body.deadlineAt);
    expect(deadlineMs - Date.parse(running.body.startedAt)).toBeGreaterThan(110_000);
    expect(deadlineMs - Date.parse(running.body.startedAt)).toBeLessThanOrEqual(120_000);

    clockOffsetMs = deadlineMs + 1_000 - Date.now();
    const interrupted = await call(path);
    expect(interrupted.body).toMatchObject({
      status: 'failed',
      finishedAt: null,
      error: { code: 'interrupted' },
    });
    expect((await call('/v1/health')).body.interruptedScans).toBe(1);
  });
});
