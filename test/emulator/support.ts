import type { BedrockClientConfig } from '@aws-sdk/client-bedrock';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * One emulator for the file: started before its tests, faults cleared after each, closed at the
 * end. `use` receives it once it listens.
 */
export function useEmulator(use: (emulator: RunningEmulator) => void): void {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    use(emulator);
  });
  afterEach(() => emulator?.clearFaults());
  afterAll(async () => {
    await emulator?.close();
  });
}

/** Any SDK client's config for the emulator in `region`, with retries off. */
export function emulatorClientConfig(emulator: Pick<RunningEmulator, 'url'>, region: string) {
  return {
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
    maxAttempts: 1,
  };
}

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
