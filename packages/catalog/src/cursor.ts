import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { InvalidCursorError } from './errors.js';
import { canonicalJson } from './hash.js';

/** What a cursor is valid for: the reader method and the parameters that shape its query. */
export interface CursorBinding {
  method: string;
  params: Record<string, unknown>;
}

export type CursorPosition = Record<string, unknown>;

const VERSION = 'v1';
const Payload = z.object({
  pos: z.record(z.string(), z.unknown()),
  iat: z.number().check(z.int()),
});

export interface CursorCodecOptions {
  /** Cursors older than this are rejected, so a leaked cursor does not stay valid forever. */
  maxAgeSeconds?: number;
  now?: () => Date;
}

/**
 * Opaque page cursors: `v1.<base64url(JSON {pos, iat})>.<base64url(HMAC-SHA256)>`. The MAC covers
 * the version, the query binding and the payload, so a cursor cannot be edited, forged without the
 * secret, or replayed against another query. The position is signed, not encrypted: it holds only
 * key attributes of items the caller may read anyway.
 */
export class CursorCodec {
  readonly #secret: string;
  readonly #maxAgeSeconds: number;
  readonly #now: () => Date;

  constructor(secret: string, options: CursorCodecOptions = {}) {
    if (secret.length < 16) throw new RangeError('cursor secret must be at least 16 characters');
    this.#secret = secret;
    this.#maxAgeSeconds = options.maxAgeSeconds ?? 24 * 60 * 60;
    this.#now = options.now ?? (() => new Date());
  }

  encode(binding: CursorBinding, pos: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify({ pos, iat: this.#nowSeconds() })).toString(
      'base64url',
    );
    return `${VERSION}.${payload}.${this.#mac(binding, payload).toString('base64url')}`;
  }

  /** The position inside `token`, or InvalidCursorError. */
  decode(binding: CursorBinding, token: string): CursorPosition {
    const [version, payload, mac, ...rest] = token.split('.');
    if (version !== VERSION || !payload || !mac || rest.length > 0) {
      throw new InvalidCursorError('malformed');
    }
    const expected = this.#mac(binding, payload);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidCursorError('signature mismatch (tampered, or issued for another query)');
    }
    const parsed = Payload.safeParse(parseJson(Buffer.from(payload, 'base64url').toString()));
    if (!parsed.success) throw new InvalidCursorError('malformed payload');
    if (this.#nowSeconds() - parsed.data.iat > this.#maxAgeSeconds) {
      throw new InvalidCursorError('expired');
    }
    return parsed.data.pos;
  }

  #mac(binding: CursorBinding, payload: string): Buffer {
    return createHmac('sha256', this.#secret)
      .update(`${VERSION}\n${canonicalJson(binding)}\n${payload}`)
      .digest();
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
