import type { RegionStatus, ScanError, ScanErrorCode } from '@bedrock-profile-catalog/catalog';

/** A region's deadline passed before its listings finished. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(readonly deadlineMs: number) {
    super(`region scan exceeded its ${deadlineMs} ms deadline`);
  }
}

/** A failure discovery itself detected (e.g. a repeated page token), already classified. */
export class RegionScanError extends Error {
  override readonly name = 'RegionScanError';
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ClassifiedError extends ScanError {
  /** How the region record stores it: `denied` regions are not enabled, everything else failed. */
  status: Exclude<RegionStatus, 'ok'>;
}

/** Auth failures that mean "this region is not enabled for the account". */
const DENIED = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
]);

const THROTTLED = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'SlowDown',
]);

const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError', 'DeadlineExceededError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

/** How the SDK reports a body it could not deserialize (non-JSON, bad RFC 3339 date). */
const MALFORMED_MESSAGE = /RFC-3339|Deserialization error|JSON/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function describe(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null)) {
    const e = error as ErrorLike;
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const message = typeof e.message === 'string' ? e.message.split('\n')[0] : '';
    return message ? `${name}: ${message}` : name;
  }
  return String(error);
}

/**
 * Maps whatever a region's listings threw to the catalog's ScanErrorCode. Order matters: a passed
 * deadline wins over the error it caused, and denial is checked before throttling because both
 * can arrive as 4xx.
 */
export function classifyScanError(
  error: unknown,
  context: { deadlineExceeded?: boolean } = {},
): ClassifiedError {
  const message = describe(error);
  const fail = (code: ScanErrorCode): ClassifiedError => ({
    code,
    message,
    status: code === 'denied' ? 'denied' : 'error',
  });
  if (context.deadlineExceeded) return fail('timeout');
  if (error instanceof RegionScanError) return fail(error.code);
  if (typeof error !== 'object' || error === null) return fail('error');

  const e = error as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const status = e.$metadata?.httpStatusCode;
  const text = typeof e.message === 'string' ? e.message : '';

  if (DENIED.has(name)) return fail('denied');
  if (THROTTLED.has(name) || status === 429) return fail('throttled');
  if (TIMEOUT_NAMES.has(name) || TIMEOUT_CODES.has(code)) return fail('timeout');
  // An HTML 5xx page from a gateway does not parse either, but it is an outage, not bad data.
  if (status !== undefined && status >= 500) return fail('error');
  if (name === 'SyntaxError' || (name === 'TypeError' && MALFORMED_MESSAGE.test(text))) {
    return fail('malformed');
  }
  return fail('error');
}

/**
 * An optional listing's failure: `denied` only for AccessDeniedException (an IAM or SCP deny of
 * that one action, not a region that is not enabled), `error` for anything else.
 */
export function classifyListingError(
  error: unknown,
  context: { deadlineExceeded?: boolean } = {},
): ScanError & { status: 'denied' | 'error' } {
  const { code, message } = classifyScanError(error, context);
  const name = (error as { name?: unknown } | null)?.name;
  return { code, message, status: name === 'AccessDeniedException' ? 'denied' : 'error' };
}
