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

    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode(binding, token)).toEqual(position);
  });

  it('rejects garbage', () => {
    const codec = new CursorCodec(SECRET);

    for (const garbage of ['', 'abc', 'v1..', 'v2.e30.AAAA', 'v1.e30.AAAA.extra', '{"PK":"x"}']) {
      expect(() => codec.decode(binding, garbage)).toThrow(InvalidCursorError);
    }
  });

  it('rejects a token whose payload or signature was edited', () => {
    const codec = new CursorCodec(SECRET);
    const token = codec.encode(binding, position);
    const [version, payload, mac] = token.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ pos: { PK: 'PROFILE#other', SK: 'REGION#us-east-1' }, iat: 0 }),
    ).toString('base64url');

    expect(() => codec.decode(binding, `${version}.${forgedPayload}.${mac}`)).toThrow(
      InvalidCursorError,
    );
    expect(() => codec.decode(binding, `${version}.${flipChar(payload, 3)}.${mac}`)).toThrow(
      InvalidCursorError,
    );
    expect(() => codec.decode(binding, `${version}.${payload}.${flipChar(mac, 5)}`)).toThrow(
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
  });
});
