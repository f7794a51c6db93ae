import type { ErrorCode } from './schemas.js';

export type { ErrorCode } from './schemas.js';

/**
 * Domain errors of the lookup API. Each carries a stable machine-readable code; only the HTTP
 * edge (http.ts) turns them into status codes.
 */
export class InvalidParameterError extends Error {
  override readonly name = 'InvalidParameterError';
  readonly code: ErrorCode;
  constructor(
    readonly parameter: string,
    message: string,
    code: ErrorCode = 'INVALID_PARAMETER',
  ) {
    super(message);
    this.code = code;
  }
}

/** A scan was asked for regions this catalog does not scan. */
export class RegionNotScannedError extends Error {
  override readonly name = 'RegionNotScannedError';
  constructor(
    readonly regions: readonly string[],
    readonly scannable: readonly string[],
  ) {
    super(
      `regions not scanned by this catalog: ${regions.slice(0, 5).join(', ')}; it scans: ${[...scannable].sort().join(', ') || 'no regions yet'}`,
    );
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code: ErrorCode = 'NOT_FOUND';
}

export class RouteNotFoundError extends Error {
  override readonly name = 'RouteNotFoundError';
  readonly code: ErrorCode = 'ROUTE_NOT_FOUND';
}

export class MethodNotAllowedError extends Error {
  override readonly name = 'MethodNotAllowedError';
  readonly code: ErrorCode = 'METHOD_NOT_ALLOWED';
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(message);
  }
}
