import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  type BedrockClientFactory,
  createBedrockClientFactory,
} from '@bedrock-profile-catalog/discovery';

type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;
type ClientOptions = Omit<Parameters<typeof createBedrockClientFactory>[0], 'endpoint'>;

/**
 * The Bedrock emulator and a client factory pointed at it (the discovery tests' set-up): call it
 * in `beforeAll`, and `close` in `afterAll`.
 */
export async function startEmulatorClients(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<{ emulator: RunningEmulator; factory: BedrockClientFactory; close(): Promise<void> }> {
  const emulator = await startEmulator(emulatorOptions);
  const factory = createBedrockClientFactory({
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...clientOptions,
  });
  return {
    emulator,
    factory,
    close: async () => {
      factory.destroy();
      await emulator.close();
    },
  };
}
