import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UnprocessedItemsError } from './errors.js';
import { type PrimaryKey, primaryKeyOf } from './keys.js';

/** BatchWriteItem accepts at most 25 requests per call. */
export const BATCH_WRITE_LIMIT = 25;

export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: PrimaryKey } };

export interface BatchRetryOptions {
  /** Calls per chunk, the first included, before UnprocessedItemsError. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BATCH_RETRY: BatchRetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
};

export interface BatchWriteOptions {
  retry?: BatchRetryOptions;
  /** Called before each chunk; returning false stops the run (e.g. a newer scan took over). */
  beforeChunk?: () => Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface BatchWriteResult {
  /** False when `beforeChunk` stopped the run; the remaining chunks were not sent. */
  completed: boolean;
  /** Requests accepted by DynamoDB. */
  written: number;
  /** Requests sent, retries included: what the table was billed for. */
  writeRequests: number;
}

const keyOfRequest = (request: WriteRequest): PrimaryKey =>
  'PutRequest' in request ? primaryKeyOf(request.PutRequest.Item) : request.DeleteRequest.Key;

/** One request per key (the last wins): a key twice in one batch fails the whole batch. */
export function dedupeByKey(requests: readonly WriteRequest[]): WriteRequest[] {
  const byKey = new Map<string, WriteRequest>();
  for (const request of requests) {
    const key = keyOfRequest(request);
    byKey.set(`${key.PK}\u0000${key.SK}`, request);
  }
  return [...byKey.values()];
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base · 2^retry)]. */
export function backoffDelayMs(retry: number, options: BatchRetryOptions, random: number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random * cap);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes `requests` in chunks of 25, resending `UnprocessedItems` with backoff until they are
 * accepted or the attempts run out (then UnprocessedItemsError names the keys left unwritten).
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<BatchWriteResult> {
  const unique = dedupeByKey(requests);
  const result: BatchWriteResult = { completed: true, written: 0, writeRequests: 0 };
  for (let start = 0; start < unique.length; start += BATCH_WRITE_LIMIT) {
    if (options.beforeChunk && !(await options.beforeChunk())) {
      return { ...result, completed: false };
    }
    const chunk = unique.slice(start, start + BATCH_WRITE_LIMIT);
    const sent = await writeChunk(client, tableName, chunk, options);
    result.written += chunk.length;
    result.writeRequests += sent;
  }
  return result;
}

/** Returns the number of requests sent, retries included. */
async function writeChunk(
  client: DynamoDBDocumentClient,
  tableName: string,
  chunk: WriteRequest[],
  options: BatchWriteOptions,
): Promise<number> {
  const retry = options.retry ?? DEFAULT_BATCH_RETRY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  let pending = chunk;
  let sent = 0;
  for (let attempt = 1; ; attempt++) {
    sent += pending.length;
    const output = await client.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
    );
    pending = (output.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    if (pending.length === 0) return sent;
    if (attempt >= retry.maxAttempts) {
      throw new UnprocessedItemsError(pending.map(keyOfRequest), attempt);
    }
    await sleep(backoffDelayMs(attempt - 1, retry, random()));
  }
}
