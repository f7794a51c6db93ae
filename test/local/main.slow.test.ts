import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a new user runs it, on a machine without AWS credentials: no credential
 * variables, empty AWS config files, no instance metadata. Each mistake must end the process
 * with one line on stderr naming the cause, the fix and a code, and never a stack trace.
 */
const ROOT = new URL('../..', import.meta.url);
let noAws: Record<string, string>;

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'local-main-'));
  const empty = join(home, 'empty');
  await writeFile(empty, '');
  noAws = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    PORT: '0',
    SCAN_INTERVAL_SECONDS: '0',
  };
});

/** Runs local mode's entry point to its exit (or kills it after 20 s). */
function npmStart(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/main.ts'], {
      cwd: ROOT,
      env: { ...noAws, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm start: a mistake is one line, not a stack trace', () => {
  it.each([
    [
      'BEDROCK_ENDPOINT=aws without credentials',
      { BEDROCK_ENDPOINT: 'aws', CATALOG_REGIONS: 'us-east-1' },
      /^bedrock-profile-catalog: BEDROCK_ENDPOINT=aws needs AWS credentials and none were found \(.+\): .*AWS_PROFILE.*; or unset BEDROCK_ENDPOINT to scan the embedded emulator \[AWS_CREDENTIALS_MISSING\]$/,
    ],
    [
      'DYNAMODB_ENDPOINT=aws without AWS_REGION',
      { DYNAMODB_ENDPOINT: 'aws' },
      /^bedrock-profile-catalog: DYNAMODB_ENDPOINT=aws needs the table's region: set AWS_REGION to the deployed stack's region, e.g. AWS_REGION=eu-west-1 \[AWS_REGION_MISSING\]$/,
    ],
    [
      'DYNAMODB_ENDPOINT=aws with AWS_REGION but no credentials',
      { DYNAMODB_ENDPOINT: 'aws', AWS_REGION: 'eu-west-1' },
      /^bedrock-profile-catalog: DYNAMODB_ENDPOINT=aws needs AWS credentials .*; or unset DYNAMODB_ENDPOINT to use the embedded dynalite \[AWS_CREDENTIALS_MISSING\]$/,
    ],
    [
      'an empty PORT',
      { PORT: '' },
      /^bedrock-profile-catalog: invalid environment: PORT is empty: set a whole number from 0 to 65535 \(0 picks a free port\), or unset it for 3000 \[INVALID_ENVIRONMENT\]$/,
    ],
  ])('%s', async (_, env, line) => {
    const { code, stderr } = await npmStart(env);

    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
    expect(code).toBe(1);
  });

  it('CATALOG_REGIONS=auto with a BEDROCK_ENDPOINT that does not answer', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;

    const { code, stderr } = await npmStart({
      CATALOG_REGIONS: 'auto',
      BEDROCK_ENDPOINT: endpoint,
    });

    expect(stderr.trimEnd().split('\n')).toEqual([
      `bedrock-profile-catalog: CATALOG_REGIONS=auto: Bedrock's region list (SSM /aws/service/global-infrastructure/services/bedrock/regions at ${endpoint}) could not be read (ECONNREFUSED); list the regions instead, e.g. CATALOG_REGIONS=us-east-1,eu-west-1 [REGION_LIST_FAILED]`,
    ]);
    expect(code).toBe(1);
  });

  it('an unreachable DYNAMODB_ENDPOINT', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;

    const { code, stderr } = await npmStart({ DYNAMODB_ENDPOINT: endpoint });

    expect(stderr.trimEnd().split('\n')).toEqual([
      `bedrock-profile-catalog: DYNAMODB_ENDPOINT ${endpoint} does not answer (ECONNREFUSED): start DynamoDB Local there, or unset DYNAMODB_ENDPOINT to use the embedded dynalite [DYNAMODB_UNREACHABLE]`,
    ]);
    expect(code).toBe(1);
  });

  it('a DYNAMODB_ENDPOINT that is not DynamoDB', async () => {
    const server = createHttpServer((_, response) => response.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const { code, stderr } = await npmStart({ DYNAMODB_ENDPOINT: endpoint });

      expect(stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^bedrock-profile-catalog: DYNAMODB_ENDPOINT ${endpoint} answered DescribeTable 'bedrock-profile-catalog' with HTTP 404 .*; point it at DynamoDB Local or dynalite, or unset DYNAMODB_ENDPOINT to use the embedded dynalite \\[DYNAMODB_REFUSED\\]$`,
          ),
        ),
      ]);
      expect(code).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
