import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { catalogCreateTableInput } from '../../packages/catalog/src/table.js';

export interface CatalogTestTable {
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * A fresh, uniquely named catalog table on the run's dynalite (see global-setup.ts), created from
 * the schema constants, with real SDK clients over HTTP. Call it once per test file (or per test
 * when tests need an empty table); test files run in parallel against the same dynalite.
 *
 * @param prefix Readable start of the table name, e.g. the test file's subject.
 */
export async function createCatalogTestTable(prefix = 'catalog'): Promise<CatalogTestTable> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand(catalogCreateTableInput(tableName)));
  // dynalite answers CreateTable before the table is ACTIVE; queries before that fail.
  await waitUntilTableExists(
    { client, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 },
    { TableName: tableName },
  );
  return { client, documentClient, tableName };
}
