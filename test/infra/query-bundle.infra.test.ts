import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../bench/cold-start.js';

/**
 * What the query Lambda's bundle (built as the construct builds it) must not carry: each of
 * these is load time on every cold start for no request's benefit.
 */
describe('query Lambda bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'query-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('has no logging library, no classic zod or JSON Schema, no EventBridge client, and builds no response schemas', async () => {
    const { metafile } = await build({
      ...esbuildOptions('lambdas/query/handler.ts', join(outdir, 'index.mjs')),
      metafile: true,
    });
    // Files whose code made it into index.mjs (an import that tree-shaking removed has 0 bytes).
    const [output] = Object.values(metafile.outputs).filter((file) => file.entryPoint);
    const inputs = Object.entries(output?.inputs ?? {})
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([file]) => file);
    expect(inputs).toContain('lambdas/query/handler.ts');
    const unwanted = inputs.filter((file) =>
      [
        // Lambda's JSON log format adds timestamp, level and requestId (lambdas/query/log.ts).
        /@aws-lambda-powertools\//,
        // zod/mini only; the OpenAPI document is generated at build time, not here.
        /zod\/v4\/classic\//,
        /zod\/v4\/core\/(to-)?json-schema/,
        /packages\/query-api\/src\/(schemas|openapi)\.ts$/,
        // POST /v1/scans has its own function (lambdas/scan-request): the lookups never write.
        /@aws-sdk\/client-eventbridge\//,
      ].some((pattern) => pattern.test(file)),
    );
    expect(unwanted).toEqual([]);
  });
});
