import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from './support.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterEach(() => emulator.runtime.reset());

afterAll(async () => {
  await emulator.close();
});

function runtimeClient(region = 'us-east-1') {
  return new BedrockRuntimeClient({
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

const HELLO = [{ role: 'user' as const, content: [{ text: 'Hi' }] }];

/** Reads a ConverseStream answer, timing the first content delta from the send. */
async function stream(modelId: string, tier?: 'flex' | 'priority') {
  const started = performance.now();
  const out = await runtimeClient().send(
    new ConverseStreamCommand({
      modelId,
      messages: HELLO,
      inferenceConfig: { maxTokens: 1 },
      ...(tier && { serviceTier: { type: tier } }),
    }),
  );
  const events: (keyof ConverseStreamOutput)[] = [];
  let firstDeltaMs: number | null = null;
  let usage: { inputTokens?: number; outputTokens?: number } | undefined;
  for await (const event of out.stream ?? []) {
    const [name] = Object.keys(event) as (keyof ConverseStreamOutput)[];
    if (name) events.push(name);
    if (event.contentBlockDelta && firstDeltaMs === null)
      firstDeltaMs = performance.now() - started;
    if (event.metadata) usage = event.metadata.usage;
  }
  return { events, firstDeltaMs, usage };
}

describe('runtime: ConverseStream and Converse through the real BedrockRuntimeClient', () => {
  it('streams messageStart, a delta after the injected time to first token, stop and metadata', async () => {
    emulator.runtime.setTarget('us.anthropic.claude-sonnet-4-5-20250929-v1:0', { ttftMs: 180 });
    const { events, firstDeltaMs, usage } = await stream(
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    expect(events).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(firstDeltaMs).toBeGreaterThanOrEqual(175);
    expect(usage).toEqual({ inputTokens: 1, outputTokens: 1, totalTokens: 2 });
  });

  it('Converse answers after the injected time, and records the call with its tier', async () => {
    emulator.runtime.setTarget('amazon.nova-lite-v1:0', { ttftMs: 40 });
    const out = await runtimeClient().send(
      new ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0',
        messages: HELLO,
        inferenceConfig: { maxTokens: 1 },
        serviceTier: { type: 'flex' },
      }),
    );
    expect(out.output?.message?.content?.[0]?.text).toBe('H');
    expect(out.stopReason).toBe('max_tokens');
    expect(out.serviceTier).toEqual({ type: 'flex' });
    expect(emulator.runtime.calls()).toEqual([
      expect.objectContaining({
        modelId: 'amazon.nova-lite-v1:0',
        operation: 'Converse',
        region: 'us-east-1',
        serviceTier: 'flex',
        maxTokens: 1,
        outcome: 'ok',
      }),
    ]);
  });

  it('refuses an unsupported tier with a ValidationException naming it', async () => {
    const error = await rejectionOf(stream('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'flex'));
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'The provided service tier (flex) is not supported for this model.',
      $metadata: { httpStatusCode: 400 },
    });
    // The default data: that profile refuses flex, not priority.
    await expect(
      stream('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'priority'),
    ).resolves.toMatchObject({ events: expect.arrayContaining(['contentBlockDelta']) });
  });

  it('InvokeModel answers in the Anthropic Messages format, its tier from the header', async () => {
    const invoke = (serviceTier?: 'flex' | 'priority') =>
      runtimeClient().send(
        new InvokeModelCommand({
          modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
          contentType: 'application/json',
          body: JSON.stringify({
            anthropic_version: 'bedrock-2023-05-31',
            max_tokens: 1,
            messages: [{ role: 'user', content: 'Hello there' }],
          }),
          ...(serviceTier && { serviceTier }),
        }),
      );
    const out = await invoke('priority');
    expect(JSON.parse(new TextDecoder().decode(out.body))).toMatchObject({
      role: 'assistant',
      content: [{ type: 'text', text: 'H' }],
      usage: { input_tokens: 3, output_tokens: 1 },
    });
    expect(emulator.runtime.calls().at(-1)).toMatchObject({
      operation: 'InvokeModel',
      serviceTier: 'priority',
      maxTokens: 1,
      outcome: 'ok',
    });
    await expect(rejectionOf(invoke('flex'))).resolves.toMatchObject({
      name: 'ValidationException',
      message: 'The provided service tier (flex) is not supported for this model.',
    });
  });

  it.each([
    ['throttled', 'ThrottlingException', 429],
    ['notReady', 'ModelNotReadyException', 429],
    ['accessDenied', 'AccessDeniedException', 403],
  ] as const)('a %s target fails every call with %s (%i)', async (fault, name, status) => {
    emulator.runtime.setTarget('meta.llama3-8b-instruct-v1:0', { ttftMs: 10, fault });
    const error = await rejectionOf(stream('meta.llama3-8b-instruct-v1:0'));
    expect(error).toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect(emulator.runtime.calls().at(-1)?.outcome).toBe(name);
  });

  it('is set through the control endpoint, with bad input refused', async () => {
    const url = `${emulator.url}/__emulator/runtime`;
    const put = await fetch(url, {
      method: 'PUT',
      body: JSON.stringify({ targets: { 'amazon.nova-pro-v1:0': { ttftMs: 75 } } }),
    });
    expect(put.status).toBe(200);
    const config = (await (await fetch(url)).json()) as { targets: Record<string, unknown> };
    expect(config.targets['amazon.nova-pro-v1:0']).toEqual({ ttftMs: 75 });
    const bad = await fetch(url, {
      method: 'PUT',
      body: JSON.stringify({ targets: { x: { ttftMs: -1 } } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: "targets['x'].ttftMs must be a non-negative number",
    });
  });
});
