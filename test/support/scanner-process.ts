/**
 * The scanner Lambda's handler, invoked once in a process of its own with a Lambda context, so a
 * test can SIGKILL it mid-scan as Lambda does at its timeout. Configuration comes from the
 * environment, exactly as in Lambda (see lambdas/contract.ts SCANNER_ENV), plus three knobs of
 * the invocation (the crash soak, test/support/soak-crash.ts, uses them):
 * - SCANNER_TIMEOUT_MS: the function timeout, default 120 s; a few seconds make a killed scan
 *   pass its deadline quickly.
 * - SCAN_ID: invoke with a scan request of that ID instead of a schedule event (two processes
 *   started in the same millisecond would otherwise derive the same scheduled scan ID).
 * - SCANNER_WAIT_FOR_GO: load the handler, print this variable's value as a line, and invoke only
 *   once a line arrives on stdin, so two processes can start scanning a set time apart.
 */
import { createInterface } from 'node:readline';
import type { Context } from 'aws-lambda';

const { handler } = await import('../../lambdas/scanner/handler.js');
const readyLine = process.env.SCANNER_WAIT_FOR_GO;
if (readyLine) {
  process.stdout.write(`${readyLine}\n`);
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
}

const LAMBDA_TIMEOUT_MS = Number(process.env.SCANNER_TIMEOUT_MS ?? 120_000);
const invokedAt = Date.now();
const context = {
  functionName: 'scanner',
  awsRequestId: 'killed-scanner',
  getRemainingTimeInMillis: () => LAMBDA_TIMEOUT_MS - (Date.now() - invokedAt),
} as unknown as Context;

const scanId = process.env.SCAN_ID;
await handler(
  scanId
    ? { source: 'api', scanId }
    : { source: 'schedule', scheduledTime: new Date(invokedAt).toISOString() },
  context,
);
