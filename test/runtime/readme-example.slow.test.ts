import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCatalog } from '../support/local-catalog.js';

/**
 * The runtime package's README example, run as written (its first ts block, in a child process
 * with tsx) against local mode, with the environment the README names.
 */
const run = promisify(execFile);
const README = new URL('../../packages/runtime/README.md', import.meta.url);
// Inside the repository, so the example's imports resolve as they would in a workspace (.mts:
// the example is an ES module, as in a package with "type": "module").
const DIRECTORY = new URL('../../node_modules/.cache/runtime-readme-example/', import.meta.url);

let catalog: LocalCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1' });
});

afterAll(async () => {
  rmSync(DIRECTORY, { recursive: true, force: true });
  await catalog?.close();
});

it('the README example routes the bare ID to the us. profile and prints catalogAsOf', async () => {
  const readme = readFileSync(README, 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  // About ten lines besides the imports.
  const code = (example ?? '')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('import'));
  expect(code.length).toBeLessThanOrEqual(13);
  mkdirSync(DIRECTORY, { recursive: true });
  const file = new URL('example.mts', DIRECTORY);
  writeFileSync(file, example ?? '');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', file.pathname], {
    env: {
      PATH: process.env.PATH ?? '',
      BEDROCK_RUNTIME_URL: catalog.emulator?.url ?? '',
      BEDROCK_CATALOG_URL: catalog.url,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  expect(stdout).toContain('1 us.anthropic.claude-haiku-4-5-20251001-v1:0 ok');
  expect(stdout).toMatch(/catalog as of \d{4}-\d\d-\d\dT/);
  expect(catalog.emulator?.runtime.calls().map((c) => c.modelId)).toEqual([
    'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  ]);
});
