import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../packages/catalog/src/cursor.js';
import { InvalidCursorError } from '../../packages/catalog/src/errors.js';

const SECRET = 'test-secret-0123456789abcdef';
const binding = { method: 'regionProfiles', params: { region: 'us-east-1' } };
const position = {
  PK: 'PROFILE#us.anthropic.claude-3-haiku-20240307-v1:0',
  SK: 'REGION#us-east-1',
};

const flipChar = (s: string, i: number) =>
  s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('CursorCodec', () => {
  it('round-trips a position for the same query', () => {
    const codec = new CursorCodec(SECRET);

    const token = codec.encode(binding, position);

    expect(token).toMatch(/^v2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode(binding, token)).toEqual(position);
  });

  it('rejects garbage', () => {
    const codec = new CursorCodec(SECRET);

    for (const garbage of [
      '',
      'abc',
      'v2...',
      'v1.e30.AAAA',
      'v2.k.e30.AAAA.extra',
      '{"PK":"x"}',
    ]) {
      expect(() => codec.decode(binding, garbage)).toThrow(InvalidCursorError);
    }
  });

  it('rejects a token whose payload or signature was edited', () => {
    const codec = new CursorCodec(SECRET);
    const token = codec.encode(binding, position);
    const [version, kid, payload, mac] = token.split('.') as [string, string, string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ pos: { PK: 'PROFILE#other', SK: 'REGION#us-east-1' }, iat: 0 }),
    ).toString('base64url');

    expect(() => codec.decode(binding, `${version}.${kid}.${forgedPayload}.${mac}`)).toThrow(
      InvalidCursorError,
    );
    expect(() => codec.decode(binding, `${version}.${kid}.${flipChar(payload, 3)}.${mac}`)).toThrow(
      InvalidCursorError,
    );
    expect(() => codec.decode(binding, `${version}.${kid}.${payload}.${flipChar(mac, 5)}`)).toThrow(
      InvalidCursorError,
    );
  });

  it('rejects a cursor issued for another query or signed with another secret', () => {
    const token = new CursorCodec(SECRET).encode(binding, position);

    expect(() =>
      new CursorCodec(SECRET).decode(
        { method: 'regionProfiles', params: { region: 'eu-west-1' } },
        token,
      ),
    ).toThrow(InvalidCursorError);
    expect(() =>
      new CursorCodec(SECRET).decode({ method: 'regionItems', params: binding.params }, token),
    ).toThrow(InvalidCursorError);
    expect(() => new CursorCodec(`${SECRET}-rotated`).decode(binding, token)).toThrow(
      InvalidCursorError,
    );
  });

  it('rejects an expired cursor', () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const codec = new CursorCodec(SECRET, { maxAgeSeconds: 3600, now: () => now });
    const token = codec.encode(binding, position);

    now = new Date('2026-11-20T11:00:01Z');

    expect(() => codec.decode(binding, token)).toThrow(/expired/);
  });

  it('refuses a short secret', () => {
    expect(() => new CursorCodec('short')).toThrow(RangeError);
    expect(
      () =>
        new CursorCodec({ current: SECRET, previous: { secret: 'short', validUntil: new Date() } }),
    ).toThrow(RangeError);
  });
});

describe('CursorCodec across a secret rotation', () => {
  const PREVIOUS = 'previous-secret-0123456789abcdef';
  const CURRENT = 'current-secret-0123456789abcdef';
  const rotatedAt = new Date('2026-11-20T10:00:00Z');
  const validUntil = new Date('2026-11-21T10:00:00Z');

  function rotatedCodec(now: Date) {
    return new CursorCodec(
      { current: CURRENT, previous: { secret: PREVIOUS, validUntil } },
      { now: () => now },
    );
  }

  it('signs with the current key and reads its own cursors', () => {
    const codec = rotatedCodec(rotatedAt);
    const token = codec.encode(binding, position);

    expect(codec.decode(binding, token)).toEqual(position);
    expect(new CursorCodec(CURRENT, { now: () => rotatedAt }).decode(binding, token)).toEqual(
      position,
    );
    expect(() =>
      new CursorCodec(PREVIOUS, { now: () => rotatedAt }).decode(binding, token),
    ).toThrow(/unknown key/);
  });

  it('accepts a cursor signed with the previous key during the grace period', () => {
    const issuedBeforeRotation = new CursorCodec(PREVIOUS, { now: () => rotatedAt }).encode(
      binding,
      position,
    );

    const oneHourLater = new Date(rotatedAt.getTime() + 3600_000);
    expect(rotatedCodec(oneHourLater).decode(binding, issuedBeforeRotation)).toEqual(position);
    expect(rotatedCodec(validUntil).decode(binding, issuedBeforeRotation)).toEqual(position);
  });

  it('refuses a cursor signed with the previous key after the grace period', () => {
    const issuedBeforeRotation = new CursorCodec(PREVIOUS, {
      now: () => rotatedAt,
      maxAgeSeconds: 7 * 24 * 3600,
    }).encode(binding, position);
    const afterGrace = new Date(validUntil.getTime() + 1000);
    const codec = new CursorCodec(
      { current: CURRENT, previous: { secret: PREVIOUS, validUntil } },
      { now: () => afterGrace, maxAgeSeconds: 7 * 24 * 3600 },
    );

    expect(() => codec.decode(binding, issuedBeforeRotation)).toThrow(InvalidCursorError);
    expect(() => codec.decode(binding, issuedBeforeRotation)).toThrow(/rotated-out key/);
  });

  it('refuses a cursor whose key id is unknown or was swapped', () => {
    const codec = rotatedCodec(rotatedAt);
    const foreign = new CursorCodec('some-other-secret-0123456789', {
      now: () => rotatedAt,
    }).encode(binding, position);
    expect(() => codec.decode(binding, foreign)).toThrow(/unknown key/);

    // The previous key's id on a cursor MAC'd with the current key: the MAC covers the key id.
    const [version, , payload, mac] = codec.encode(binding, position).split('.');
    const previousKid = new CursorCodec(PREVIOUS).encode(binding, position).split('.')[1];
    expect(() => codec.decode(binding, `${version}.${previousKid}.${payload}.${mac}`)).toThrow(
      /signature mismatch/,
    );
  });

  it('refuses a tampered cursor signed with the previous key', () => {
    const token = new CursorCodec(PREVIOUS, { now: () => rotatedAt }).encode(binding, position);
    const [version, kid, payload, mac] = token.split('.') as [string, string, string, string];

    expect(() =>
      rotatedCodec(rotatedAt).decode(binding, `${version}.${kid}.${flipChar(payload, 3)}.${mac}`),
    ).toThrow(/signature mismatch/);
  });
});
