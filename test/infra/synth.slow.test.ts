import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The one test that runs the real thing: `cdk synth` through cdk.json (tsx), bundling both
 * handlers with the local esbuild, with the cdk-nag plugins registered in infra/app.ts, offline
 * and without AWS credentials. About 15-30 s, so it runs once, here, rather than in every test.
 */
describe('npx cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'catalog-synth-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('succeeds offline with no credentials, bundles the four handlers and has no nag errors', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) {
      if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|REGION)$/.test(name)) {
        delete env[name];
      }
    }
    Object.assign(env, {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(outdir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-credentials'),
      CDK_DISABLE_CLI_TELEMETRY: 'true',
    });

    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', outdir], {
      cwd: join(import.meta.dirname, '../..'),
      env,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).not.toMatch(/\bERROR\b/);

    const template = JSON.parse(
      readFileSync(join(outdir, 'BedrockProfileCatalog.template.json'), 'utf8'),
    ) as { Resources: Record<string, { Type: string }> };
    const functions = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    // The scanner, the query function, the scan-request function and the price refresh.
    expect(functions).toHaveLength(4);

    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      expect(existsSync(join(outdir, asset, 'index.mjs'))).toBe(true);
      expect(existsSync(join(outdir, asset, 'index.mjs.map'))).toBe(true);
    }
    // The query function serves GET /openapi.json from the generated file beside its bundle.
    const served = assets
      .map((asset) => join(outdir, asset, 'openapi.json'))
      .filter((file) => existsSync(file));
    expect(served).toHaveLength(1);
    expect(JSON.parse(readFileSync(served[0] as string, 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8')),
    );
  }, 300_000);
});
