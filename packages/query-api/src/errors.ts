/**
 * Domain errors of the lookup API. Each carries a stable machine-readable code; only the HTTP
 * edge (handler.ts) turns them into status codes.
 */
export type ErrorCode =
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_PARAMETER'
  | 'INVALID_CURSOR'
  | 'INVALID_BODY'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CATALOG_UNAVAILABLE'
  | 'INTERNAL_ERROR';

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
