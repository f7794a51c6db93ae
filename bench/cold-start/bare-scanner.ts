/** Baseline for the scanner Lambda: one Bedrock ListInferenceProfiles and one BatchWrite. */
import { BedrockClient, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const bedrock = new BedrockClient({});
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler() {
  const listed = await bedrock.send(new ListInferenceProfilesCommand({}));
  const items = (listed.inferenceProfileSummaries ?? []).slice(0, 25);
  await dynamo.send(
    new BatchWriteCommand({
      RequestItems: {
        [process.env.TABLE_NAME ?? '']: items.map((p) => ({
          PutRequest: { Item: { PK: p.inferenceProfileId, SK: 'x', name: p.inferenceProfileName } },
        })),
      },
    }),
  );
}
