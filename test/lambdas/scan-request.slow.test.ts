/**
 * POST /v1/scans across the deployed pieces: the scan-request function puts a Scan Requested
 * event, the rule the construct deploys matches it, and the scanner runs the scan that event asks
 * for; the query function answers GET /v1/scans/{scanId}. Each request goes to the function its
 * route names (RouteSpec.servedBy), as API Gateway sends it. The handlers load as in Lambda and talk to the emulator and dynalite over HTTP; only EventBridge,
 * which has no local server, is replaced by a recorder that delivers the event as the rule would.
 */

import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import { routeOf, servedBy } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { SCAN_REQUESTED_DETAIL_TYPE } from '../../packages/catalog/src/events.js';
import { synthStack } from '../infra/helpers.js';
import { apiGatewayEvent } from '../support/api-gateway-event.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
const eventBridge = mockClient(EventBridgeClient);
const context = {
  functionName: 'fn',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 120_000,
} as unknown as Context;

let emulator: RunningEmulator;
let table: CatalogTestTable;
let query: typeof import('../../lambdas/query/handler.js').handler;
let scanRequests: typeof import('../../lambdas/scan-request/handler.js').handler;
let scanner: typeof import('../../lambdas/scanner/handler.js').handler;

/** The account the stack is deployed to, which EventBridge puts in the envelope. */
const ACCOUNT = '123456789012';

/**
 * The rule the construct deploys for scan requests (exact-value patterns only), with the
 * deploying account's `AWS::AccountId` reference resolved as CloudFormation would.
 */
function scanRequestPattern(): Record<string, string[]> {
  const { template } = synthStack({ 'catalog:regions': REGIONS.join(',') });
  const rule = Object.values(template.findResources('AWS::Events::Rule')).find((r) =>
    JSON.stringify(r.Properties.EventPattern).includes(SCAN_REQUESTED_DETAIL_TYPE),
  );
  const pattern = rule?.Properties.EventPattern as Record<string, unknown[]>;
  return Object.fromEntries(
    Object.entries(pattern).map(([field, values]) => [
      field,
      values.map((v) => (JSON.stringify(v) === '{"Ref":"AWS::AccountId"}' ? ACCOUNT : String(v))),
    ]),
  );
}

/** What EventBridge hands a Lambda target: the envelope around the entry's detail. */
function deliver(entry: PutEventsRequestEntry) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: ACCOUNT,
    time: '2026-11-26T21:00:00Z',
    region: 'us-east-1',
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail ?? '{}'),
  };
}

function matches(pattern: Record<string, string[]>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, values]) => values.includes(String(event[field])));
}

async function call(init: Parameters<typeof apiGatewayEvent>[0]) {
  const route = routeOf(init.method ?? 'GET', init.path ?? '/');
  const handler = route && servedBy(route) === 'scan-request' ? scanRequests : query;
  const result = (await handler(
    apiGatewayEvent(init),
    context,
  )) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}

beforeAll(async () => {
  emulator = await startEmulator();
  table = await createCatalogTestTable('scan-request-flow');
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('CATALOG_REGIONS', REGIONS.join(','));
  vi.stubEnv('EVENT_BUS_NAME', 'default');
  vi.stubEnv('CURSOR_SECRET', 'a-test-secret-of-enough-length');
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', emulator.url);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
  ({ handler: query } = await import('../../lambdas/query/handler.js'));
  ({ handler: scanRequests } = await import('../../lambdas/scan-request/handler.js'));
  ({ handler: scanner } = await import('../../lambdas/scanner/handler.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  eventBridge.restore();
  await emulator.close();
});

describe('POST /v1/scans → Scan Requested → scanner', () => {
  it('scans exactly the requested region under the scan ID the caller was given', async () => {
    // Act: the caller asks for one region.
    const accepted = await call({
      method: 'POST',
      path: '/v1/scans',
      body: JSON.stringify({ regions: ['eu-west-1'] }),
    });
    expect(accepted.status).toBe(202);
    const { scanId } = accepted.body as { scanId: string };

    // The event the query function put is one the deployed rule routes to the scanner.
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    const requests = entries.filter((e) => e.DetailType === SCAN_REQUESTED_DETAIL_TYPE);
    expect(requests).toHaveLength(1);
    const event = deliver(requests[0] as PutEventsRequestEntry);
    const pattern = scanRequestPattern();
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { ...event, account: '210987654321' })).toBe(false);

    // EventBridge invokes the scanner with the envelope.
    await expect(scanner(event, context)).resolves.toEqual({ status: 'succeeded', scanId });
    const recorded = (await call({ path: `/v1/scans/${scanId}` })).body;

    // Delivery is at least once: the same event again is recognised, and nothing is rescanned.
    await expect(scanner(event, context)).resolves.toEqual({ status: 'duplicate', scanId });
    expect((await call({ path: `/v1/scans/${scanId}` })).body).toEqual(recorded);

    // Assess from the caller's side: the scan it started is visible, with only that region.
    const scan = await call({ path: `/v1/scans/${scanId}` });
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({ scanId, status: 'succeeded', trigger: 'api' });
    expect(scan.body.regions.map((r: { region: string }) => r.region)).toEqual(['eu-west-1']);
    // `/v1/regions` is memoised per instance for 5 s (the POST filled it with an empty table),
    // so the table itself says which regions the scan wrote.
    const written = await new CatalogReader({
      documentClient: table.documentClient,
      tableName: table.tableName,
      cursorSecret: 'a-test-secret-of-enough-length',
    }).regions();
    expect(written.map((r) => r.region)).toEqual(['eu-west-1']);
  });

  it.each([
    ['a malformed scan ID', { scanId: '../../etc', regions: ['us-east-1'] }],
    ['a region outside CATALOG_REGIONS', { scanId: 'scan-1', regions: ['us-east-1', 'sa-east-1'] }],
  ])('the scanner refuses a Scan Requested event with %s, without scanning', async (_, detail) => {
    const event = deliver({
      Source: 'bedrock-profile-catalog.requests',
      DetailType: SCAN_REQUESTED_DETAIL_TYPE,
      Detail: JSON.stringify(detail),
    });
    const before = await call({ path: '/v1/regions' });
    await expect(scanner(event, context)).resolves.toEqual({ status: 'rejected' });
    const after = await call({ path: '/v1/regions' });
    expect(after.body.items).toEqual(before.body.items);
    expect((await call({ path: `/v1/scans/${detail.scanId}` })).status).not.toBe(200);
  });
});
