import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { UnprocessedItemsError } from '../../packages/catalog/src/errors.js';
import { CatalogWriter } from '../../packages/catalog/src/writer.js';
import { itemCount, smallSnapshot } from './fixtures.js';

const TABLE = 'catalog-writer-unit';
const ddb = mockClient(DynamoDBDocumentClient);
const writer = new CatalogWriter({
  documentClient: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  tableName: TABLE,
  batchRetry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
});
const input = {
  scanId: 'u1',
  scanStartedAt: '2026-11-20T08:00:00.000Z',
  snapshot: smallSnapshot('us-east-1'),
  latencySamples: [100],
};

/** A region never scanned before: the region record reads back as this scan last wrote it. */
function emptyRegionOwnedByScan() {
  let record: Record<string, unknown> | undefined;
  ddb.on(GetCommand).callsFake(() => (record ? { Item: record } : {}));
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).callsFake((command: { Item: Record<string, unknown> }) => {
    record = command.Item;
    return {};
  });
}

describe('CatalogWriter with a throttled BatchWriteItem', () => {
  beforeEach(() => {
    ddb.reset();
  });

  it('retries UnprocessedItems and commits once every item is written', async () => {
    emptyRegionOwnedByScan();
    const first = { PutRequest: { Item: { PK: 'MODEL#x', SK: 'REGION#us-east-1' } } };
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [first] } })
      .resolves({ UnprocessedItems: {} });

    const result = await writer.applyRegionSnapshot(input);

    expect(result).toMatchObject({ status: 'applied', itemsWritten: itemCount(input.snapshot) });
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 2);
    // Claim and commit.
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 2);
  });

  it('raises UnprocessedItemsError naming the keys, without sweeping or committing', async () => {
    emptyRegionOwnedByScan();
    const stuck = {
      PutRequest: { Item: { PK: 'PROFILE#us.amazon.nova-pro-v1:0', SK: 'REGION#us-east-1' } },
    };
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [stuck] } });

    const error = await writer.applyRegionSnapshot(input).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnprocessedItemsError);
    expect((error as UnprocessedItemsError).keys).toEqual([
      { PK: 'PROFILE#us.amazon.nova-pro-v1:0', SK: 'REGION#us-east-1' },
    ]);
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    // Only the claim: the region record still says an apply is under way.
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      applying: { scanId: input.scanId, scanStartedAt: input.scanStartedAt },
    });
  });
});
