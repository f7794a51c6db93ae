import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { InvalidCursorError } from './errors.js';
import { canonicalJson } from './hash.js';
import { lazySchema } from './lazy-schema.js';

/** What a cursor is valid for: the reader method and the parameters that shape its query. */
export interface CursorBinding {
  method: string;
  params: Record<string, unknown>;
}

export type CursorPosition = Record<string, unknown>;

const VERSION = 'v2';
const Payload = /* @__PURE__ */ lazySchema(() =>
  z.object({
    pos: z.record(z.string(), z.unknown()),
    iat: z.number().check(z.int()),
  }),
);

/**
 * The keys cursors are signed with. `current` signs every new cursor; `previous` (the secret's
 * version before the last rotation) still verifies cursors until `validUntil`, so pages in flight
 * survive a rotation, and is refused after it.
 */
export interface CursorKeys {
  current: string;
  previous?: { secret: string; validUntil: Date };
}

/** How long a cursor stays valid by default, and so how long a rotated-out key is still honoured. */
export const CURSOR_MAX_AGE_SECONDS = 24 * 60 * 60;

export interface CursorCodecOptions {
  /** Cursors older than this are rejected, so a leaked cursor does not stay valid forever. */
  maxAgeSeconds?: number;
  now?: () => Date;
}

interface Key {
  id: string;
  secret: string;
  validUntil?: Date;
}

/**
 * Opaque page cursors: `v2.<kid>.<base64url(JSON {pos, iat})>.<base64url(HMAC-SHA256)>`. The MAC
 * covers the version, the key id, the query binding and the payload, so a cursor cannot be edited,
 * forged without the secret, or replayed against another query. The key id says which key signed
 * it; it is derived from the key by HMAC, so it reveals nothing about it. The position is signed,
 * not encrypted: it holds only key attributes of items the caller may read anyway.
 */
export class CursorCodec {
  readonly #current: Key;
  readonly #previous: Key | undefined;
  readonly #maxAgeSeconds: number;
  readonly #now: () => Date;

  constructor(keys: string | CursorKeys, options: CursorCodecOptions = {}) {
    const { current, previous } = typeof keys === 'string' ? { current: keys } : keys;
    this.#current = key(current);
    this.#previous = previous && { ...key(previous.secret), validUntil: previous.validUntil };
    this.#maxAgeSeconds = options.maxAgeSeconds ?? CURSOR_MAX_AGE_SECONDS;
    this.#now = options.now ?? (() => new Date());
  }

  encode(binding: CursorBinding, pos: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify({ pos, iat: this.#nowSeconds() })).toString(
      'base64url',
    );
    const { id, secret } = this.#current;
    return `${VERSION}.${id}.${payload}.${mac(secret, id, binding, payload).toString('base64url')}`;
  }

  /** The position inside `token`, or InvalidCursorError. */
  decode(binding: CursorBinding, token: string): CursorPosition {
    const [version, kid, payload, givenMac, ...rest] = token.split('.');
    if (version !== VERSION || !kid || !payload || !givenMac || rest.length > 0) {
      throw new InvalidCursorError('malformed');
    }
    const signer = this.#keyFor(kid);
    const expected = mac(signer.secret, kid, binding, payload);
    const given = Buffer.from(givenMac, 'base64url');
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

  #keyFor(kid: string): Key {
    if (kid === this.#current.id) return this.#current;
    const previous = this.#previous;
    if (previous && kid === previous.id) {
      if (previous.validUntil && this.#now() > previous.validUntil) {
        throw new InvalidCursorError('signed with a rotated-out key');
      }
      return previous;
    }
    throw new InvalidCursorError('signed with an unknown key');
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}

function key(secret: string): Key {
  if (secret.length < 16) throw new RangeError('cursor secret must be at least 16 characters');
  const id = createHmac('sha256', secret).update('cursor key id').digest().subarray(0, 9);
  return { id: id.toString('base64url'), secret };
}

function mac(secret: string, kid: string, binding: CursorBinding, payload: string): Buffer {
  return createHmac('sha256', secret)
    .update(`${VERSION}\n${kid}\n${canonicalJson(binding)}\n${payload}`)
    .digest();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
