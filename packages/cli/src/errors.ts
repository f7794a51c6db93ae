/** Bad command-line input: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The transport could not be reached at all (connection refused, DNS, timeout): exit code 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** `--table` could not read the table (region, credentials, table name): exit code 1. */
export class TableReadError extends Error {
  override readonly name = 'TableReadError';
}
