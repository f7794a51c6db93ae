import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  BedrockClient,
  type FoundationModelSummary,
  type InferenceProfileSummary,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  ListProvisionedModelThroughputsCommand,
  type ProvisionedModelSummary,
} from '@aws-sdk/client-bedrock';

const SAMPLES = fileURLToPath(
  new URL('../../../packages/bedrock-emulator/data/samples/', import.meta.url),
);

export function readSample(name: string): string {
  return readFileSync(`${SAMPLES}${name}`, 'utf8');
}

/**
 * A client whose transport answers every request with `body`: the real SDK middleware and
 * deserializer run, so tests see exactly what the SDK hands to discovery (Dates, dropped members).
 */
function clientAnswering(body: string): BedrockClient {
  return new BedrockClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: Readable.from([Buffer.from(body)]),
        },
      }),
    },
  });
}

export async function sdkProfiles(body: string): Promise<InferenceProfileSummary[]> {
  const out = await clientAnswering(body).send(new ListInferenceProfilesCommand({}));
  return out.inferenceProfileSummaries ?? [];
}

export async function sdkModels(body: string): Promise<FoundationModelSummary[]> {
  const out = await clientAnswering(body).send(new ListFoundationModelsCommand({}));
  return out.modelSummaries ?? [];
}

export async function sdkThroughputs(body: string): Promise<ProvisionedModelSummary[]> {
  const out = await clientAnswering(body).send(new ListProvisionedModelThroughputsCommand({}));
  return out.provisionedModelSummaries ?? [];
}
