import type { BedrockClientConfig } from '@aws-sdk/client-bedrock';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';

/** A real SDK client aimed at the emulator; retries stay on unless a test turns them down. */
export function bedrockClient(
  emulator: Pick<RunningEmulator, 'url'>,
  region: string,
  config: Partial<BedrockClientConfig> = {},
): BedrockClient {
  return new BedrockClient({
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
    ...config,
  });
}

/** An Authorization header with the credential scope the emulator reads the region from. */
export function signedHeaders(region: string): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261126/${region}/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`,
  };
}

/** The members of an SDK service error that the tests look at. */
export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
  $fault?: string;
}

/** Runs `promise` to rejection and returns the error, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
