import { CursorCodec } from '@bedrock-profile-catalog/catalog';
import { describe, expect, it } from 'vitest';
import { loadCursorKeys } from '../../lambdas/query/cursor-keys.js';

// There is no local Secrets Manager (nor its Lambda extension), so these stand in for the
// extension's HTTP answers: a fault-path-style test of the init read.
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CursorSecret-abc123';
const CURRENT = 'current-cursor-secret-0123456789';
const PREVIOUS = 'previous-cursor-secret-0123456789';
const ROTATED_AT_SECONDS = Date.parse('2026-11-20T10:00:00Z') / 1000;
const env = { AWS_SESSION_TOKEN: 'session-token', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773' };

type Versions = Partial<
  Record<'AWSCURRENT' | 'AWSPREVIOUS', { SecretString: string; CreatedDate: number }>
>;

function extension(versions: Versions) {
  const requests: { url: URL; token: string | null }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    requests.push({ url, token: new Headers(init?.headers).get('X-Aws-Parameters-Secrets-Token') });
    const version = versions[url.searchParams.get('versionStage') as keyof Versions];
    if (!version) {
      return new Response('{"__type":"ResourceNotFoundException","message":"no such version"}', {
        status: 400,
      });
    }
    return Response.json({ ARN: SECRET_ARN, ...version });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const binding = { method: 'regionProfiles', params: { region: 'us-east-1' } };
const position = { PK: 'PROFILE#x', SK: 'REGION#us-east-1' };

describe('Function: loadCursorKeys (query Lambda init)', () => {
  it('reads AWSCURRENT and AWSPREVIOUS of the secret through the extension with the session token', async () => {
    const { fetch, requests } = extension({
      AWSCURRENT: { SecretString: CURRENT, CreatedDate: ROTATED_AT_SECONDS },
    });

    expect(await loadCursorKeys({ secretId: SECRET_ARN, env, fetch })).toEqual({
      current: CURRENT,
    });
    expect(requests.map(({ url }) => url.searchParams.get('versionStage'))).toEqual([
      'AWSCURRENT',
      'AWSPREVIOUS',
    ]);
    for (const { url, token } of requests) {
      expect(url.origin).toBe('http://localhost:2773');
      expect(url.pathname).toBe('/secretsmanager/get');
      expect(url.searchParams.get('secretId')).toBe(SECRET_ARN);
      expect(token).toBe('session-token');
    }
  });

  it('after a rotation, honours the previous version for one cursor lifetime, then refuses it', async () => {
    const { fetch } = extension({
      AWSCURRENT: { SecretString: CURRENT, CreatedDate: ROTATED_AT_SECONDS },
      AWSPREVIOUS: { SecretString: PREVIOUS, CreatedDate: ROTATED_AT_SECONDS - 90 * 86400 },
    });
    const keys = await loadCursorKeys({ secretId: SECRET_ARN, env, fetch });
    expect(keys.previous?.validUntil).toEqual(new Date((ROTATED_AT_SECONDS + 86400) * 1000));

    const rotatedAt = new Date(ROTATED_AT_SECONDS * 1000);
    const openPage = new CursorCodec(PREVIOUS, { now: () => rotatedAt }).encode(binding, position);
    const at = (hours: number) =>
      new CursorCodec(keys, { now: () => new Date(rotatedAt.getTime() + hours * 3600_000) });

    expect(at(23).decode(binding, openPage)).toEqual(position);
    expect(() => at(24.01).decode(binding, openPage)).toThrow(/invalid cursor/);
    expect(at(0).decode(binding, at(0).encode(binding, position))).toEqual(position);
  });

  it('fails init with a one-line message when AWSCURRENT cannot be read', async () => {
    const { fetch } = extension({});

    await expect(loadCursorKeys({ secretId: SECRET_ARN, env, fetch })).rejects.toThrow(
      /^cursor secret arn:aws:secretsmanager:.* AWSCURRENT: HTTP 400 /,
    );
  });

  it('refuses a secret value too short to be an HMAC key', async () => {
    const { fetch } = extension({
      AWSCURRENT: { SecretString: 'short', CreatedDate: ROTATED_AT_SECONDS },
    });

    await expect(loadCursorKeys({ secretId: SECRET_ARN, env, fetch })).rejects.toThrow(
      /at least 16 characters/,
    );
  });
});
