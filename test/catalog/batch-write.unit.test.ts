import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  batchWriteAll,
  type WriteRequest,
} from '../../packages/catalog/src/batch-write.js';
import { UnprocessedItemsError } from '../../packages/catalog/src/errors.js';

const TABLE = 'catalog-unit';
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(DynamoDBDocumentClient);

const put = (i: number): WriteRequest => ({
  PutRequest: { Item: { PK: `PROFILE#p${i}`, SK: 'REGION#us-east-1', n: i } },
});
const del = (i: number): WriteRequest => ({
  DeleteRequest: { Key: { PK: `PROFILE#p${i}`, SK: 'REGION#us-east-1' } },
});
const retry = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 40 };

/** Records the backoff delays instead of waiting them out. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

const sentBatches = () =>
  ddb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[TABLE] ?? []);

describe('batchWriteAll', () => {
  beforeEach(() => {
    ddb.reset();
  });

  it('sends chunks of at most 25 requests and de-duplicates keys (last wins)', async () => {
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    const requests = [...Array.from({ length: 60 }, (_, i) => put(i)), del(3)];

    const result = await batchWriteAll(documentClient, TABLE, requests, { retry });

    expect(sentBatches().map((batch) => batch.length)).toEqual([25, 25, 10]);
    const all = sentBatches().flat();
    expect(all.filter((r) => JSON.stringify(r).includes('PROFILE#p3"'))).toEqual([del(3)]);
    expect(result).toEqual({ completed: true, written: 60, writeRequests: 60 });
  });

  it('resends UnprocessedItems until DynamoDB accepts them', async () => {
    const { delays, sleep } = recordingSleep();
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [put(1), put(2)] } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [put(2)] } })
      .resolves({ UnprocessedItems: {} });

    const result = await batchWriteAll(documentClient, TABLE, [put(0), put(1), put(2)], {
      retry,
      sleep,
      random: () => 0.99,
    });

    expect(sentBatches()).toEqual([[put(0), put(1), put(2)], [put(1), put(2)], [put(2)]]);
    expect(result).toEqual({ completed: true, written: 3, writeRequests: 6 });
    // Full jitter under a doubling cap: 0.99 × 10, then 0.99 × 20.
    expect(delays).toEqual([9, 19]);
  });

  it('raises UnprocessedItemsError naming the keys after the last attempt', async () => {
    const { delays, sleep } = recordingSleep();
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [put(7), del(8)] } });

    const error = await batchWriteAll(documentClient, TABLE, [put(7), del(8), put(9)], {
      retry,
      sleep,
      random: () => 1,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnprocessedItemsError);
    expect(error).toMatchObject({
      name: 'UnprocessedItemsError',
      keys: [
        { PK: 'PROFILE#p7', SK: 'REGION#us-east-1' },
        { PK: 'PROFILE#p8', SK: 'REGION#us-east-1' },
      ],
    });
    expect((error as Error).message).toContain('PROFILE#p7 / REGION#us-east-1');
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, retry.maxAttempts);
    // Capped at maxDelayMs.
    expect(delays).toEqual([10, 20, 40]);
  });

  it('stops before the next chunk when beforeChunk says so', async () => {
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    let checks = 0;

    const result = await batchWriteAll(
      documentClient,
      TABLE,
      Array.from({ length: 60 }, (_, i) => put(i)),
      { retry, beforeChunk: async () => ++checks < 2 },
    );

    expect(result).toEqual({ completed: false, written: 25, writeRequests: 25 });
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
  });
});

describe('backoffDelayMs', () => {
  it('stays within [0, min(max, base · 2^retry)]', () => {
    for (let r = 0; r < 10; r++) {
      const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** r);
      expect(backoffDelayMs(r, retry, 0)).toBe(0);
      expect(backoffDelayMs(r, retry, 0.999_999)).toBeLessThanOrEqual(cap);
    }
  });
});
