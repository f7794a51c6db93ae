import { type ErrorCode, InvalidParameterError } from '@bedrock-profile-catalog/query-api';

/** A failure the CLI explains itself: its message is printed as is. */
export class CliError extends Error {}

/** Bad command-line input: printed with the usage hint, exit code 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
}

/**
 * A flag value the API would refuse with a 400: bad input here (exit 2), led by the code the API
 * would answer, so scripts can tell it from a failed request either way.
 */
export function invalidParameter(message: string, code: ErrorCode = 'INVALID_PARAMETER') {
  return new UsageError(`${code}: ${message}`);
}

/** Runs one of the API's own parameter parsers on a flag's value, quoting the value it refuses. */
export function parsedAsTheApiDoes<T>(value: string, parse: (value: string) => T): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof InvalidParameterError) {
      throw invalidParameter(`${error.message}; got '${value}'`, error.code);
    }
    throw error;
  }
}

/** The transport could not be reached at all (connection refused, DNS, timeout): exit code 1. */
export class UnreachableError extends CliError {
  override readonly name = 'UnreachableError';
}

/** `--table` could not read the table (region, credentials, table name): exit code 1. */
export class TableReadError extends CliError {
  override readonly name = 'TableReadError';
}

/** SigV4 could not sign a request (no or broken credentials): exit code 1. */
export class SigningError extends CliError {
  override readonly name = 'SigningError';
}

export const CREDENTIALS_HINT =
  'check your AWS credentials (AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID)';
