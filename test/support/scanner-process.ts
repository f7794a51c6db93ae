/**
 * The scanner Lambda's handler, invoked once in a process of its own with a 120 s Lambda
 * context, so a test can SIGKILL it mid-scan as Lambda does at its timeout. Configuration comes
 * from the environment, exactly as in Lambda (see lambdas/contract.ts SCANNER_ENV).
 */
import type { Context } from 'aws-lambda';

const LAMBDA_TIMEOUT_MS = 120_000;
const invokedAt = Date.now();
const context = {
  functionName: 'scanner',
  awsRequestId: 'killed-scanner',
  getRemainingTimeInMillis: () => LAMBDA_TIMEOUT_MS - (Date.now() - invokedAt),
} as unknown as Context;

const { handler } = await import('../../lambdas/scanner/handler.js');
await handler({ source: 'schedule', scheduledTime: new Date(invokedAt).toISOString() }, context);
