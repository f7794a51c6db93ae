import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, PriceStore } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  catalogModelDirectory,
  runPriceRefresh,
} from '../../packages/discovery/src/price-list-refresh.js';

/**
 * A reader on a local catalog's table (over its own DynamoDB client, to count requests on) and
 * the Price List refresh against the catalog's embedded emulator, run once before it returns.
 * `refresh` runs it again, e.g. after the emulator publishes a new offer version.
 */
export async function withLocalPrices(catalog: LocalCatalog) {
  if (!catalog.emulator) throw new Error('local mode without its embedded emulator');
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: catalog.dynamoEndpoint ?? undefined,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const table = {
    documentClient: DynamoDBDocumentClient.from(client),
    tableName: catalog.tableName,
  };
  const reader = new CatalogReader({ ...table, cursorSecret: 'local-prices-cursor-secret' });
  const directory = await catalogModelDirectory(reader);
  const { url } = catalog.emulator;
  const refresh = () => runPriceRefresh({ store: new PriceStore(table), baseUrl: url, directory });
  await refresh();
  return { client, reader, refresh };
}
