/**
 * The Bedrock runtime's `Converse`, `ConverseStream`, `InvokeModel` and
 * `InvokeModelWithResponseStream` on the emulator's port (REST-JSON, SigV4 service `bedrock`,
 * `POST /model/{modelId}/converse[-stream]`, `…/invoke[-with-response-stream]`; InvokeModel bodies
 * in the Anthropic Messages format), so a probe measures time to first token against a known,
 * injected value and the routing middleware can be proven on all four. The streams answer in the
 * AWS event-stream framing, encoded with the SDK's own codec so the client parses exactly what it
 * would from AWS.
 *
 * Per target (the `modelId` as the caller sends it: bare ID, profile ID or ARN): the time to
 * first token, the service tiers it refuses, and a fault. `PUT /__emulator/runtime` sets them,
 * `GET` reads them with the call log, `DELETE` resets to the defaults.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/core/event-streams';

export const RUNTIME_CONTROL_PATH = '/__emulator/runtime';
const OPERATION_PATH =
  /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

const OPERATIONS = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream',
} as const;
type RuntimeOperation = (typeof OPERATIONS)[keyof typeof OPERATIONS];
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** What a call to a target meets. */
export interface InferenceTarget {
  /** Time from the request to the first content delta. */
  ttftMs: number;
  /** Service tiers (`flex`, `priority`, …) answered with a ValidationException. */
  unsupportedTiers?: string[];
  /** Every call fails this way until cleared. */
  fault?: 'throttled' | 'notReady' | 'accessDenied' | null;
}

export interface RuntimeCall {
  modelId: string;
  operation: RuntimeOperation;
  region: string;
  serviceTier: string | null;
  maxTokens: number | null;
  outcome:
    | 'ok'
    | 'ThrottlingException'
    | 'ModelNotReadyException'
    | 'AccessDeniedException'
    | 'ValidationException';
  at: string;
}

export interface RuntimeConfig {
  /** For targets not listed in `targets`. */
  defaultTtftMs: number;
  targets: Record<string, InferenceTarget>;
}

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}

function event(type: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  });
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Converse's body, or InvokeModel's in the Anthropic Messages format (content a string or blocks). */
interface RuntimeBody {
  messages?: { role?: string; content?: string | { text?: string }[] }[];
  inferenceConfig?: { maxTokens?: number };
  max_tokens?: number;
  serviceTier?: { type?: string };
}

/** Roughly four characters a token, as a stand-in for the model's tokenizer. */
function inputTokensOf(body: RuntimeBody): number {
  const text = (body.messages ?? [])
    .flatMap((m) => (typeof m.content === 'string' ? [{ text: m.content }] : (m.content ?? [])))
    .map((c) => c.text ?? '')
    .join('');
  return Math.max(1, Math.ceil(text.length / 4));
}

/** InvokeModelWithResponseStream's event: a model-native JSON chunk, base64 in `bytes`. */
function chunk(body: unknown): Uint8Array {
  return event('chunk', { bytes: Buffer.from(JSON.stringify(body), 'utf8').toString('base64') });
}

export class EmulatedRuntime {
  #config: RuntimeConfig;
  readonly #defaults: RuntimeConfig;
  readonly #calls: RuntimeCall[] = [];
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(defaults: RuntimeConfig, sleep: (ms: number) => Promise<void>) {
    this.#defaults = structuredClone(defaults);
    this.#config = structuredClone(defaults);
    this.#sleep = sleep;
  }

  static claims(req: IncomingMessage): boolean {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    return req.method === 'POST' && OPERATION_PATH.test(path);
  }

  config(): RuntimeConfig {
    return structuredClone(this.#config);
  }

  /** Sets (or with null, removes) one target's behaviour. */
  setTarget(modelId: string, target: InferenceTarget | null): void {
    if (target === null) delete this.#config.targets[modelId];
    else this.#config.targets[modelId] = structuredClone(target);
  }

  calls(): RuntimeCall[] {
    return this.#calls.map((call) => ({ ...call }));
  }

  reset(): void {
    this.#config = structuredClone(this.#defaults);
    this.#calls.length = 0;
  }

  async handleControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') {
      sendJson(res, 200, { ...this.config(), calls: this.calls() });
      return;
    }
    if (req.method === 'DELETE') {
      this.reset();
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'PUT') {
      sendJson(res, 405, { message: 'GET, PUT or DELETE' });
      return;
    }
    let body: { defaultTtftMs?: unknown; targets?: Record<string, InferenceTarget | null> };
    try {
      body = JSON.parse((await readText(req)) || '{}');
    } catch {
      sendJson(res, 400, { message: 'request body is not JSON' });
      return;
    }
    if (body.defaultTtftMs !== undefined) {
      if (typeof body.defaultTtftMs !== 'number' || body.defaultTtftMs < 0) {
        sendJson(res, 400, { message: 'defaultTtftMs must be a non-negative number' });
        return;
      }
      this.#config.defaultTtftMs = body.defaultTtftMs;
    }
    for (const [modelId, target] of Object.entries(body.targets ?? {})) {
      if (target !== null && (typeof target?.ttftMs !== 'number' || target.ttftMs < 0)) {
        sendJson(res, 400, {
          message: `targets['${modelId}'].ttftMs must be a non-negative number`,
        });
        return;
      }
      this.setTarget(modelId, target);
    }
    sendJson(res, 200, this.config());
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readText(req);
    const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '');
    if (!scope?.[1]) {
      sendJson(
        res,
        403,
        { message: 'Missing Authentication Token' },
        'MissingAuthenticationTokenException',
      );
      return;
    }
    const region = scope[1];
    const [, rawModelId = '', kind] =
      OPERATION_PATH.exec((req.url ?? '/').split('?')[0] ?? '') ?? [];
    const modelId = decodeURIComponent(rawModelId);
    let body: RuntimeBody;
    try {
      body = JSON.parse(text || '{}') as RuntimeBody;
    } catch {
      sendJson(res, 400, { message: 'request body is not JSON' }, 'ValidationException');
      return;
    }
    const operation = OPERATIONS[kind as keyof typeof OPERATIONS];
    const invoke = operation === 'InvokeModel' || operation === 'InvokeModelWithResponseStream';
    // InvokeModel carries the tier in a header, Converse in the body.
    const tierHeader = req.headers['x-amzn-bedrock-service-tier'];
    const tier = invoke
      ? ((Array.isArray(tierHeader) ? tierHeader[0] : tierHeader) ?? null)
      : (body.serviceTier?.type ?? null);
    const maxTokens = (invoke ? body.max_tokens : body.inferenceConfig?.maxTokens) ?? null;
    const target = this.#config.targets[modelId] ?? { ttftMs: this.#config.defaultTtftMs };
    const record = (outcome: RuntimeCall['outcome']) =>
      this.#calls.push({
        modelId,
        operation,
        region,
        serviceTier: tier,
        maxTokens,
        outcome,
        at: new Date().toISOString(),
      });

    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      record('ValidationException');
      sendJson(
        res,
        400,
        { message: 'The model returned the following errors: messages: field required' },
        'ValidationException',
      );
      return;
    }
    if (target.fault === 'throttled') {
      record('ThrottlingException');
      sendJson(
        res,
        429,
        { message: 'Too many requests, please wait before trying again.' },
        'ThrottlingException',
      );
      return;
    }
    if (target.fault === 'notReady') {
      record('ModelNotReadyException');
      sendJson(
        res,
        429,
        { message: 'Model is not ready for inference. Wait and try your request again.' },
        'ModelNotReadyException',
      );
      return;
    }
    if (target.fault === 'accessDenied') {
      record('AccessDeniedException');
      sendJson(
        res,
        403,
        { message: "You don't have access to the model with the specified model ID." },
        'AccessDeniedException',
      );
      return;
    }
    if (tier && tier !== 'default' && (target.unsupportedTiers ?? []).includes(tier)) {
      record('ValidationException');
      sendJson(
        res,
        400,
        { message: `The provided service tier (${tier}) is not supported for this model.` },
        'ValidationException',
      );
      return;
    }
    record('ok');

    const started = performance.now();
    const usage = {
      inputTokens: inputTokensOf(body),
      outputTokens: 1,
      totalTokens: inputTokensOf(body) + 1,
    };
    const serviceTier = tier ? { type: tier } : undefined;
    if (operation === 'InvokeModel') {
      await this.#sleep(target.ttftMs);
      sendJson(res, 200, {
        id: `msg_${randomUUID()}`,
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text: 'H' }],
        stop_reason: 'max_tokens',
        usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
      });
      return;
    }
    if (operation === 'InvokeModelWithResponseStream') {
      res.writeHead(200, {
        'Content-Type': 'application/vnd.amazon.eventstream',
        'x-amzn-RequestId': randomUUID(),
      });
      res.write(chunk({ type: 'message_start', message: { role: 'assistant', content: [] } }));
      await this.#sleep(target.ttftMs);
      res.write(
        chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'H' } }),
      );
      res.end(
        chunk({
          type: 'message_stop',
          'amazon-bedrock-invocationMetrics': {
            inputTokenCount: usage.inputTokens,
            outputTokenCount: 1,
          },
        }),
      );
      return;
    }
    if (operation === 'Converse') {
      await this.#sleep(target.ttftMs);
      sendJson(res, 200, {
        output: { message: { role: 'assistant', content: [{ text: 'H' }] } },
        stopReason: 'max_tokens',
        usage,
        metrics: { latencyMs: Math.round(performance.now() - started) },
        ...(serviceTier && { serviceTier }),
      });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/vnd.amazon.eventstream',
      'x-amzn-RequestId': randomUUID(),
    });
    res.write(event('messageStart', { role: 'assistant' }));
    await this.#sleep(target.ttftMs);
    res.write(event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'H' } }));
    res.write(event('contentBlockStop', { contentBlockIndex: 0 }));
    res.write(event('messageStop', { stopReason: 'max_tokens' }));
    res.end(
      event('metadata', {
        usage,
        metrics: { latencyMs: Math.round(performance.now() - started) },
        ...(serviceTier && { serviceTier }),
      }),
    );
  }
}
