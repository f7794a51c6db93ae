import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { run } from '../../packages/cli/src/main.js';
import { apiUrl, executeApiRegion } from '../../packages/cli/src/transport.js';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const NOW = new Date('2026-11-26T12:34:56.000Z');
const API = 'https://abc123.execute-api.eu-west-1.amazonaws.com/';

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Runs the CLI against a fake fetch that records the request and answers `answer`. */
async function capture(
  argv: string[],
  answer: unknown = { items: [], catalogAsOf: null },
  status = 200,
) {
  const requests: Captured[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const fakeFetch = (async (input: URL | string, init?: RequestInit) => {
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>)),
      body: init?.body as string | undefined,
    });
    return new Response(JSON.stringify(answer), { status });
  }) as typeof fetch;
  const code = await run(argv, {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    env: {},
    credentials: CREDENTIALS,
    now: () => NOW,
    fetch: fakeFetch,
  });
  return { code, requests, stdout: out.join(''), stderr: err.join('') };
}

/** An independent SigV4 computation (node:crypto) over the headers the CLI actually sent. */
function expectedSignature(request: Captured, region: string): string {
  const url = new URL(request.url);
  const auth = request.headers.authorization ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const lower = Object.fromEntries(
    Object.entries({ ...request.headers, host: url.host }).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const amzDate = lower['x-amz-date'] ?? '';
  const day = amzDate.slice(0, 8);
  const sha = (data: string) => createHash('sha256').update(data).digest('hex');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)])
    .sort(([a = '', x = ''], [b = '', y = '']) => a.localeCompare(b) || x.localeCompare(y))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  // API Gateway canonical URI: each segment URI-encoded again (the SDK's default, non-S3).
  const path = url.pathname
    .split('/')
    .map((s) => encodeRfc3986(s))
    .join('/');
  const canonical = [
    request.method,
    path,
    query,
    ...signedHeaders.map((h) => `${h}:${String(lower[h]).trim()}`),
    '',
    signedHeaders.join(';'),
    sha(request.body ?? ''),
  ].join('\n');
  const scope = `${day}/${region}/execute-api/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n');
  const hmac = (key: string | Buffer, data: string) =>
    createHmac('sha256', key).update(data).digest();
  let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, day);
  for (const part of [region, 'execute-api', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign).digest('hex');
}

const encodeRfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

describe('SigV4 signing of API requests', () => {
  it('signs execute-api hosts automatically with the region from the host name', async () => {
    const { code, requests } = await capture(['regions', '--endpoint', API]);
    expect(code).toBe(0);
    const [request] = requests;
    expect(request?.headers['x-amz-date']).toBe('20261126T123456Z');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261126\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=([a-z0-9-]+;)*host(;[a-z0-9-]+)*, Signature=[0-9a-f]{64}$/,
    );
    expect(request?.headers.authorization).toContain('x-amz-date');
    expect(request?.headers).not.toHaveProperty('host');
    const signature = /Signature=([0-9a-f]{64})/.exec(request?.headers.authorization ?? '')?.[1];
    expect(signature).toBe(expectedSignature(request as Captured, 'eu-west-1'));
  });

  it('signs percent-encoded path segments, query strings and POST bodies correctly', async () => {
    const resolve = await capture(
      [
        'resolve',
        'anthropic.claude-3-haiku-20240307-v1:0',
        '--from',
        'eu-west-1',
        '--endpoint',
        `${API}`,
      ],
      { modelId: 'm', sourceRegion: 'eu-west-1', items: [], hint: null, catalogAsOf: null },
    );
    const [get] = resolve.requests;
    expect(get?.url).toBe(
      `${API}v1/models/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-targets?sourceRegion=eu-west-1`,
    );
    expect(/Signature=([0-9a-f]{64})/.exec(get?.headers.authorization ?? '')?.[1]).toBe(
      expectedSignature(get as Captured, 'eu-west-1'),
    );

    const scan = await capture(
      ['scan', '--regions', 'us-east-1', '--endpoint', API],
      { scanId: 's1' },
      202,
    );
    const [post] = scan.requests;
    expect(post?.method).toBe('POST');
    expect(post?.body).toBe('{"regions":["us-east-1"]}');
    expect(/Signature=([0-9a-f]{64})/.exec(post?.headers.authorization ?? '')?.[1]).toBe(
      expectedSignature(post as Captured, 'eu-west-1'),
    );
  });

  it('adds the session token of temporary credentials', async () => {
    const requests: Captured[] = [];
    await run(['regions', '--endpoint', API], {
      io: { stdout: () => {}, stderr: () => {} },
      env: {},
      credentials: { ...CREDENTIALS, sessionToken: 'TOKEN123' },
      now: () => NOW,
      fetch: (async (input: URL | string, init?: RequestInit) => {
        requests.push({
          url: String(input),
          method: 'GET',
          headers: init?.headers as Record<string, string>,
          body: undefined,
        });
        return new Response('{"items":[]}');
      }) as typeof fetch,
    });
    expect(requests[0]?.headers['x-amz-security-token']).toBe('TOKEN123');
  });

  it('does not sign local URLs unless --sigv4, which then needs a region', async () => {
    const plain = await capture(['regions', '--endpoint', 'http://127.0.0.1:3000']);
    expect(plain.requests[0]?.headers).not.toHaveProperty('authorization');

    const forced = await capture([
      'regions',
      '--endpoint',
      'https://catalog.example.com/prod/',
      '--sigv4',
      '--aws-region',
      'us-west-2',
    ]);
    expect(forced.requests[0]?.url).toBe('https://catalog.example.com/prod/v1/regions');
    expect(forced.requests[0]?.headers.authorization).toContain(
      '/us-west-2/execute-api/aws4_request',
    );

    const noRegion = await capture([
      'regions',
      '--endpoint',
      'https://catalog.example.com/',
      '--sigv4',
    ]);
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toContain('SigV4 needs a region');
  });

  it('without credentials: exit 1, one line that says to check them', async () => {
    const err: string[] = [];
    const code = await run(['regions', '--endpoint', API], {
      io: { stdout: () => {}, stderr: (t) => err.push(t) },
      env: {},
      // What the default chain throws on a machine without credentials.
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
      fetch: (async () => new Response('{"items":[]}')) as typeof fetch,
    });
    expect({ code, stderr: err.join('') }).toEqual({
      code: 1,
      stderr: `bedrock-catalog: cannot sign the request to ${API}: Could not load credentials from any providers — check your AWS credentials (AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID)\n`,
    });
  });

  it('reads the region from execute-api host names only', () => {
    expect(
      executeApiRegion(new URL('https://a1b2c3.execute-api.ap-southeast-2.amazonaws.com/')),
    ).toBe('ap-southeast-2');
    expect(executeApiRegion(new URL('https://execute-api.example.com/'))).toBeNull();
    expect(
      apiUrl('https://x.example/stage/', {
        method: 'GET',
        path: '/v1/regions',
        query: { a: 'b c', z: undefined },
      }).href,
    ).toBe('https://x.example/stage/v1/regions?a=b+c');
  });
});
