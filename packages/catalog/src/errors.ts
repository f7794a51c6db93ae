import type { PrimaryKey } from './keys.js';

/**
 * Typed errors of the catalog. `name` is set explicitly so it survives minified bundles and can be
 * matched by callers that cannot use `instanceof` (several copies of the package in one bundle).
 */

/** A page cursor that is garbage, tampered with, expired, or issued for another query. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
  }
}

/** A reader argument out of range (e.g. `limit`), rejected before any DynamoDB call. */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
}

/** A snapshot the writer refuses to store: it would produce items the reader cannot parse. */
export class InvalidSnapshotError extends Error {
  override readonly name = 'InvalidSnapshotError';
}

/** An item in the table that does not match its record schema (a contract violation). */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
  constructor(
    readonly key: PrimaryKey,
    options?: { cause?: unknown },
  ) {
    super(`item ${key.PK} / ${key.SK} does not match its record schema`, options);
  }
}

/** BatchWriteItem kept returning these keys as unprocessed after every retry. */
export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
  constructor(
    readonly keys: PrimaryKey[],
    attempts: number,
  ) {
    const shown = keys.slice(0, 10).map((k) => `${k.PK} / ${k.SK}`);
    const more = keys.length > shown.length ? ` and ${keys.length - shown.length} more` : '';
    super(
      `${keys.length} item(s) left unwritten after ${attempts} attempts: ${shown.join(', ')}${more}`,
    );
  }
}

/** The region record kept changing under the writer (many scans racing); nothing was written. */
export class RegionContentionError extends Error {
  override readonly name = 'RegionContentionError';
}
