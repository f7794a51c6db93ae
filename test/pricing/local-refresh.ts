import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, PriceStore } from '../../packages/catalog/src/index.js';
import {
  catalogModelDirectory,
  runPriceRefresh,
} from '../../packages/discovery/src/price-list-refresh.js';
import type { LocalCatalog } from '../../packages/local/src/index.js';

/**
 * One Price List refresh into a running local catalog, from its emulator's offer files and
 * against the models its scan stored, as the scheduled refresh does. Its price changes reach the
 * change log; no bus here, so no events.
 */
export async function refreshLocalPrices(catalog: LocalCatalog) {
  if (!catalog.emulator) throw new Error('local mode without its emulator');
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint ?? undefined,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  const table = { documentClient, tableName: catalog.tableName };
  const reader = new CatalogReader({ ...table, cursorSecret: 'local-price-refresh-cursor-secret' });
  try {
    return await runPriceRefresh({
      store: new PriceStore(table),
      baseUrl: catalog.emulator.url,
      directory: await catalogModelDirectory(reader),
    });
  } finally {
    documentClient.destroy();
  }
}
