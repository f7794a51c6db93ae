/**
 * What the query function builds at init (issue 10 §8): its bundle, built as the construct builds
 * it, loaded in a fresh Node process with zod counting every schema it constructs. Loading it
 * builds the config schema and nothing else; a request builds its own route's schemas then.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, LAMBDA_ENV } from '../../bench/cold-start.js';
import { apiGatewayEvent } from '../support/api-gateway-event.js';

const run = promisify(execFile);

/** zod installs `_zod` on each new schema and check (errors, built from issue arrays, are not): count on a global. */
const ZOD_INIT = 'function init(inst, def) {';
const countZodSchemas: Plugin = {
  name: 'count-zod-schemas',
  setup(esbuild) {
    esbuild.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/]core\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(ZOD_INIT)) throw new Error(`zod's core.js no longer has ${ZOD_INIT}`);
      const counted = source.replace(
        ZOD_INIT,
        `${ZOD_INIT} if (!inst._zod && !Array.isArray(def)) globalThis.zodSchemasBuilt = (globalThis.zodSchemasBuilt ?? 0) + 1;`,
      );
      return { contents: counted, loader: 'js' };
    });
  },
};

let dir: string;

async function bundle(name: string, entry: { file: string } | { contents: string }) {
  const outfile = join(dir, name, 'index.mjs');
  const options = esbuildOptions('file' in entry ? entry.file : '', outfile);
  await build({
    ...options,
    ...('contents' in entry && {
      entryPoints: undefined,
      stdin: { contents: entry.contents, resolveDir: String(options.absWorkingDir), loader: 'ts' },
    }),
    sourcemap: false,
    plugins: [countZodSchemas],
  });
  return outfile;
}

/** Loads a bundle in a fresh process, then sends it each request; the count after each step. */
async function schemasBuilt(file: string, requests: object[] = []): Promise<number[]> {
  const script = `
    const built = () => globalThis.zodSchemasBuilt ?? 0;
    const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const counts = [built()];
    for (const event of ${JSON.stringify(requests)}) {
      const { statusCode } = await handler(event, {});
      if (statusCode !== 400) throw new Error('expected a 400, got ' + statusCode);
      counts.push(built());
    }
    console.log(JSON.stringify(counts));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV, NODE_OPTIONS: '' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '[]');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'query-cold-start-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the query function at init', () => {
  it('builds the schema of its config and no other', async () => {
    const configOnly = await bundle('config', {
      contents: `import { loadQueryConfig } from './lambdas/query/config.ts';
        loadQueryConfig(process.env);
        export const handler = () => ({ statusCode: 400 });`,
    });
    const [config = 0] = await schemasBuilt(configOnly);
    const query = await bundle('query', { file: 'lambdas/query/handler.ts' });
    const [atLoad] = await schemasBuilt(query);
    expect(config).toBeGreaterThan(0);
    expect(atLoad).toBe(config);
  });

  it("builds a route's schemas on its first request, and only once", async () => {
    const query = await bundle('query', { file: 'lambdas/query/handler.ts' });
    // Invalid input: a 400 from the route's own schemas, before the table is touched.
    const limitZero = apiGatewayEvent({
      path: '/v1/regions/us-east-1/profiles',
      query: { limit: '0' },
    });
    const noSourceRegion = apiGatewayEvent({ path: '/v1/models/m/invoke-targets' });
    const [atLoad = 0, first = 0, again = 0, other = 0] = await schemasBuilt(query, [
      limitZero,
      limitZero,
      noSourceRegion,
    ]);
    expect(first).toBeGreaterThan(atLoad);
    expect(again).toBe(first);
    expect(other).toBeGreaterThan(again);
  });

  it("carries none of the writers' code: the scan's, the quota refresh's, the price refresh's", async () => {
    const options = esbuildOptions('lambdas/query/handler.ts', join(dir, 'meta', 'index.mjs'));
    const { metafile } = await build({ ...options, sourcemap: false, metafile: true });
    const [output] = Object.values(metafile.outputs);
    const carried = Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(carried).toContain('packages/catalog/src/pricing/price-reader.ts');
    for (const writer of ['pricing/price-store.ts', 'batch-write.ts', 'writer.ts'])
      expect(carried).not.toContain(`packages/catalog/src/${writer}`);
  });
});
