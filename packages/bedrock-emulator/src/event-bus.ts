/**
 * EventBridge `PutEvents` on the emulator's port, so a scanner in another process can publish its
 * change events somewhere a test can read them (`AWS_ENDPOINT_URL_EVENTBRIDGE`). AWS JSON 1.1:
 * `POST /`, `X-Amz-Target: AWSEvents.PutEvents`, SigV4 service `events`. Every accepted entry is
 * recorded in memory, in order; `GET /__emulator/events` reads them, `DELETE` forgets them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const EVENTS_TARGET_PREFIX = 'AWSEvents.';
export const EVENTS_CONTROL_PATH = '/__emulator/events';

/** One entry EventBridge accepted. `detail` is the parsed `Detail` JSON. */
export interface RecordedEvent {
  eventId: string;
  /** The bus named in the entry, or `default`. */
  eventBusName: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
  /** The entry's `Time` (ISO), or when it was received. */
  time: string;
  receivedAt: string;
  /** The region of the caller's SigV4 credential scope. */
  region: string;
}

/** The real service's limit per request. */
const MAX_ENTRIES = 10;
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
const JSON_1_1 = 'application/x-amz-json-1.1';

interface EntryResult {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

function sendAwsJson(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': JSON_1_1,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}

function sendAwsError(res: ServerResponse, status: number, type: string, message: string) {
  sendAwsJson(res, status, { __type: type, message }, type);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON 1.1 timestamps are epoch seconds; an ISO string is accepted too. */
function timeOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value))
    return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return new Date(value).toISOString();
  return null;
}

function invalid(argument: string): EntryResult {
  return {
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${argument} is not valid. Reason: ${argument} is a required argument.`,
  };
}

export class EmulatedEventBus {
  readonly #events: RecordedEvent[] = [];

  /** Every accepted entry so far, oldest first (copies). */
  events(): RecordedEvent[] {
    return this.#events.map((event) => structuredClone(event));
  }

  clear(): void {
    this.#events.length = 0;
  }

  /** Whether a request is an EventBridge call rather than a Bedrock one. */
  static claims(req: IncomingMessage): boolean {
    const target = req.headers['x-amz-target'];
    return typeof target === 'string' && target.startsWith(EVENTS_TARGET_PREFIX);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readText(req);
    const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '');
    if (!scope?.[1]) {
      sendAwsError(res, 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      return;
    }
    if (scope[2] !== 'events') {
      sendAwsError(
        res,
        403,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: 'events'.`,
      );
      return;
    }
    const operation = String(req.headers['x-amz-target']).slice(EVENTS_TARGET_PREFIX.length);
    if (operation !== 'PutEvents') {
      sendAwsError(res, 400, 'UnknownOperationException', `Unknown operation ${operation}`);
      return;
    }
    let body: { Entries?: unknown };
    try {
      body = JSON.parse(text || '{}') as { Entries?: unknown };
    } catch {
      sendAwsError(res, 400, 'SerializationException', 'request body is not JSON');
      return;
    }
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
      sendAwsError(
        res,
        400,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
      );
      return;
    }
    const results = entries.map((entry) => this.#accept(entry, scope[1] as string));
    sendAwsJson(res, 200, {
      FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length,
      Entries: results,
    });
  }

  #accept(entry: unknown, region: string): EntryResult {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.Source !== 'string' || e.Source === '') return invalid('Source');
    if (typeof e.DetailType !== 'string' || e.DetailType === '') return invalid('DetailType');
    if (typeof e.Detail !== 'string' || e.Detail === '') return invalid('Detail');
    let detail: unknown;
    try {
      detail = JSON.parse(e.Detail);
    } catch {
      detail = undefined;
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const receivedAt = new Date().toISOString();
    const eventId = randomUUID();
    this.#events.push({
      eventId,
      eventBusName:
        typeof e.EventBusName === 'string' && e.EventBusName ? e.EventBusName : 'default',
      source: e.Source,
      detailType: e.DetailType,
      detail: detail as Record<string, unknown>,
      resources: Array.isArray(e.Resources) ? e.Resources.map(String) : [],
      time: timeOf(e.Time) ?? receivedAt,
      receivedAt,
      region,
    });
    return { EventId: eventId };
  }

  /** `GET /__emulator/events` → `{ events }`; `DELETE` → 204. */
  handleControl(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (req.method === 'GET') {
      const text = JSON.stringify({ events: this.#events });
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    if (req.method === 'DELETE') {
      this.clear();
      res.writeHead(204).end();
      return;
    }
    const text = JSON.stringify({ message: `no control route for ${req.method} events` });
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(text);
  }
}
