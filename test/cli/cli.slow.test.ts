import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunOptions, run } from '../../packages/cli/src/main.js';
import {
  type LocalCatalog,
  loadLocalConfig,
  startLocalCatalog,
} from '../../packages/local/src/index.js';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVA_PRO = 'amazon.nova-pro-v1:0';
const HAIKU_3_5 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
/** The emulator's default data holds its global profile's tokens-per-minute quota at 0 in us-east-1. */
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOW = () => new Date();

/** The CLI's main function in this process, with stdout and stderr captured. */
async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  options: Pick<RunOptions, 'fetch'> = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    env,
    now: NOW,
    pollMs: 50,
    ...options,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const lines = (text: string) => text.trimEnd().split('\n');

describe('bedrock-catalog against local mode', () => {
  let catalog: LocalCatalog;
  let http: string[];
  const api = async <T>(path: string) => (await (await fetch(`${catalog.url}${path}`)).json()) as T;

  beforeAll(async () => {
    // Cooldown 0: `scan --wait` must start a new scan, not answer the one made at start.
    catalog = await startLocalCatalog(
      loadLocalConfig({ PORT: '0', SCAN_INTERVAL_SECONDS: '0', SCAN_COOLDOWN_SECONDS: '0' }),
      {
        logger: new Logger({ logLevel: 'ERROR' }),
      },
    );
    http = ['--endpoint', catalog.url];
  });
  afterAll(async () => {
    await catalog?.close();
  });

  it('regions: an aligned table in the API order, and the API answer with --json', async () => {
    const answer = await api<{ items: { region: string; status: string }[] }>('/v1/regions');
    const table = await cli(['regions', ...http]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(
      /^REGION\s+STATUS\s+CONTROL P50 MS\s+CONTROL P90 MS\s+SAMPLES\s+PROFILES\s+MODELS\s+LAST SUCCESS\s+ERROR$/,
    );
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(answer.items.map((r) => r.region));
    // Aligned: every row's STATUS column starts where the header's does.
    const col = header?.indexOf('STATUS') ?? -1;
    for (const row of rows) expect(row.slice(col, col + 2)).toBe('ok');

    const json = await cli(['regions', '--json'], { BEDROCK_CATALOG_URL: catalog.url });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).items).toEqual(answer.items);
  });

  it("regions --model: the model's regions with their time to first token, measured first", async () => {
    const answer = await api<{
      items: {
        region: string;
        latency: { ttftMs: { p50: number }; targetId: string; source: string } | null;
      }[];
    }>(`/v1/models/${encodeURIComponent(HAIKU)}/regions`);
    const result = await cli(['regions', '--model', HAIKU, ...http]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [header, first, ...rest] = lines(result.stdout);
    expect(header).toMatch(
      /^REGION\s+TTFT P50\s+TTFT P90\s+SOURCE\s+SAMPLES\s+TARGET\s+INFERENCE TYPES\s+CONTROL P50 MS$/,
    );
    const cells = (row: string | undefined) => row?.split(/\s+/) ?? [];
    expect([first, ...rest].map((r) => cells(r)[0])).toEqual(answer.items.map((r) => r.region));
    // The emulator's default CloudWatch traffic measures Haiku from us-east-1 only.
    const measured = answer.items[0]?.latency;
    expect(cells(first).slice(0, 2)).toEqual(['us-east-1', String(measured?.ttftMs.p50)]);
    expect(cells(first)[3]).toBe('cloudwatch');
    expect(cells(first)).toContain(HAIKU);
    for (const row of rest) expect(row).toMatch(/^\S+\s+-\s+-\s+not measured\s+-\s+-\s+/);

    const json = await cli(['regions', '--model', HAIKU, '--json', ...http]);
    expect(JSON.parse(json.stdout)).toEqual(answer);
    const unknown = await cli(['regions', '--model', 'acme.nothing-v1:0', ...http]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain(
      "NOT_FOUND (HTTP 404): model 'acme.nothing-v1:0' is not in the catalog",
    );
  });

  it("throughputs --region: the account's provisioned throughputs, as the API lists them", async () => {
    const answer = await api<{ items: { arn: string; status: string }[] }>(
      '/v1/regions/us-east-1/throughputs',
    );
    expect(answer.items.length).toBeGreaterThan(1);

    const table = await cli(['throughputs', '--region', 'us-east-1', ...http]);
    expect(table.code).toBe(0);
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(/^ARN\s+NAME\s+MODEL\s+STATUS\s+UNITS\s+COMMITMENT$/);
    expect(rows.map((r) => r.split(/\s+/)[0]).sort()).toEqual(
      answer.items.map((t) => t.arn).sort(),
    );

    const json = await cli(['throughputs', '--region', 'us-east-1', '--json', ...http]);
    expect(JSON.parse(json.stdout).items).toEqual(answer.items);

    const missing = await cli(['throughputs', ...http]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('throughputs: missing --region REGION');
  });

  it("targets --region [--kind]: the account's own targets, as the API lists them", async () => {
    const answer = await api<{ items: { kind: string; arn: string }[] }>(
      '/v1/regions/us-east-1/targets',
    );
    expect(answer.items.length).toBeGreaterThan(1);

    const table = await cli(['targets', '--region', 'us-east-1', ...http]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(/^KIND\s+ARN\s+NAME\s+STATUS\s+FOR MODEL$/);
    expect(rows.map((r) => r.split(/\s+/).slice(0, 2))).toEqual(
      answer.items.map((t) => [t.kind, t.arn]),
    );

    const one = await cli([
      'targets',
      '--region',
      'us-east-1',
      '--kind',
      'provisioned-throughput',
      '--json',
      ...http,
    ]);
    expect(one.code).toBe(0);
    const throughputs = answer.items.filter((t) => t.kind === 'provisioned-throughput');
    expect(JSON.parse(one.stdout)).toMatchObject({ region: 'us-east-1', items: throughputs });

    const kindTable = await cli([
      'targets',
      '--region',
      'us-east-1',
      '--kind',
      'provisioned-throughput',
      ...http,
    ]);
    expect(
      lines(kindTable.stdout)
        .slice(1)
        .map((r) => r.split(/\s+/)[1]),
    ).toEqual(throughputs.map((t) => t.arn));
  });

  it('profiles: all source regions, or one with --region', async () => {
    const all = await cli(['profiles', HAIKU, ...http]);
    expect(all.code).toBe(0);
    expect(lines(all.stdout)[0]).toMatch(
      /^PROFILE\s+SCOPE\s+TYPE\s+SOURCE REGION\s+STATUS\s+DESTINATIONS$/,
    );
    expect(all.stdout).toContain(`us.${HAIKU}`);
    expect(all.stdout).toContain(`eu.${HAIKU}`);

    const one = await cli(['profiles', NOVA_PRO, '--region', 'ap-southeast-1', '--json', ...http]);
    const body = JSON.parse(one.stdout) as {
      modelId: string;
      items: { profileId: string; region: string }[];
    };
    expect(body.modelId).toBe(NOVA_PRO);
    expect(body.items.map((p) => `${p.profileId}@${p.region}`)).toEqual([
      `apac.${NOVA_PRO}@ap-southeast-1`,
    ]);
    const table = await cli(['profiles', NOVA_PRO, '--region', 'ap-southeast-1', ...http]);
    expect(lines(table.stdout)[1]).toMatch(
      new RegExp(
        `^apac\\.${NOVA_PRO.replace(/[.:]/g, '\\$&')}\\s+geo\\s+SYSTEM_DEFINED\\s+ap-southeast-1\\s+ACTIVE\\s+ap-northeast-1,`,
      ),
    );
  });

  it('model: the model behind a profile ID or ARN', async () => {
    const table = await cli(['model', `us.${HAIKU}`, '--region', 'us-east-1', ...http]);
    expect(table.code).toBe(0);
    expect(lines(table.stdout)[1]?.split(/\s+/)).toEqual([
      `us.${HAIKU}`,
      'us-east-1',
      HAIKU,
      HAIKU,
    ]);
    const arn = `arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.${HAIKU}`;
    const json = await cli(['model', arn, '--json', ...http]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      profileId: `eu.${HAIKU}`,
      region: 'eu-west-1',
      modelId: HAIKU,
    });
  });

  it('resolve: the same targets as the API, best first, with quota and lifecycle', async () => {
    type Targets = {
      items: {
        targetId: string;
        scope: string;
        destinationRegions: string[];
        access: { usable: boolean; reason: string | null } | null;
        quota: { tokensPerMinute: number | null; quotaCode: string; applied: boolean } | null;
      }[];
    };
    const answer = await api<Targets>(
      `/v1/models/${encodeURIComponent(HAIKU)}/invoke-targets?sourceRegion=us-east-1`,
    );
    const table = await cli(['resolve', HAIKU, '--from', 'us-east-1', ...http]);
    expect(table.code).toBe(0);
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(
      /^#\s+TARGET\s+SCOPE\s+TOKENS\/MIN\s+TOKENS\/DAY\s+APPLIED\s+LIFECYCLE\s+END OF LIFE\s+DESTINATIONS\s+TTFT P50\s+IN \$\/MTOK\s+OUT \$\/MTOK\s+PRICE\s+ACCESS$/,
    );
    expect(rows.map((r) => r.split(/\s+/).slice(0, 3))).toEqual(
      answer.items.map((t, i) => [String(i + 1), t.targetId, t.scope]),
    );
    expect(rows[0]?.split(/\s+/)[1]).toBe(HAIKU);
    expect(rows.map((r) => r.split(/\s+/).slice(6, 8))).toEqual(
      answer.items.map(() => ['ACTIVE', '-']),
    );

    // The zero quota of the global profile: 0 tokens a minute, applied, and not usable.
    const sonnet = await api<Targets>(
      `/v1/models/${encodeURIComponent(SONNET_4_5)}/invoke-targets?sourceRegion=us-east-1`,
    );
    const zero = sonnet.items.find((t) => t.quota?.tokensPerMinute === 0);
    expect(zero).toMatchObject({ scope: 'global', quota: { applied: true } });
    const quotaTable = await cli(['resolve', SONNET_4_5, '--from', 'us-east-1', ...http]);
    const quotaRows = lines(quotaTable.stdout).slice(1);
    expect(quotaRows).toHaveLength(sonnet.items.length);
    const zeroRow = quotaRows[sonnet.items.indexOf(zero as Targets['items'][number])] ?? '';
    expect(zeroRow.split(/\s+/).slice(1, 6)).toEqual([
      zero?.targetId,
      'global',
      '0',
      expect.stringMatching(/^\d+(\.\d+)?[KMB]?$/),
      'yes',
    ]);
    expect(zeroRow).toMatch(new RegExp(`\\sNO: ${escapeRegExp(zero?.access?.reason ?? '?')}$`));
    // Ranked last, after the usable geo profile with the default quota (2M a minute).
    expect(quotaRows.at(-1)).toBe(zeroRow);
    expect(quotaRows[0]?.split(/\s+/).slice(2, 6)).toEqual(['geo', '2M', '1.44B', 'no']);
    expect(quotaRows[0]).toMatch(/\susable$/);

    // A LEGACY model shows its status and its end-of-life date.
    const legacy = await cli(['resolve', HAIKU_3_5, '--from', 'us-west-2', ...http]);
    expect(
      lines(legacy.stdout)
        .slice(1)
        .map((r) => r.split(/\s+/).slice(6, 8)),
    ).toEqual([
      ['LEGACY', '2028-01-15'],
      ['LEGACY', '2028-01-15'],
    ]);

    const json = await cli(['resolve', NOVA_PRO, '--from', 'ap-southeast-1', '--json', ...http]);
    expect(JSON.parse(json.stdout).items[0].targetId).toBe(`apac.${NOVA_PRO}`);

    // A region without a target: the API's hint, exit 0.
    const none = await cli(['resolve', NOVA_PRO, '--from', 'sa-east-1', ...http]);
    const hinted = await api<{ items: unknown[]; hint: { message: string } | null }>(
      `/v1/models/${encodeURIComponent(NOVA_PRO)}/invoke-targets?sourceRegion=sa-east-1`,
    );
    expect(hinted).toMatchObject({ items: [], hint: { message: expect.any(String) } });
    expect(none.stdout).toContain(hinted.hint?.message);
    expect(none.code).toBe(0);

    // --scope passes through: only targets that keep requests in the geography.
    const scoped = await cli([
      'resolve',
      HAIKU,
      '--from',
      'us-east-1',
      '--scope',
      'geo',
      '--json',
      ...http,
    ]);
    const scopes = JSON.parse(scoped.stdout).items.map((t: { scope: string }) => t.scope);
    expect(scopes.length).toBeGreaterThan(0);
    expect(new Set(scopes)).toEqual(new Set(['geo']));
    const badScope = await cli([
      'resolve',
      HAIKU,
      '--from',
      'us-east-1',
      '--scope',
      'planet',
      ...http,
    ]);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain(
      "INVALID_PARAMETER: bad scope for --scope: 'planet' (expected a comma list of in-region, application, geo, global)",
    );

    // --rank latency: the API's order by measured time to first token (CloudWatch traffic in the
    // emulator's data), and the p50 in the table.
    const haiku45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const ranked = await api<{
      items: { targetId: string; latency: { ttftMs: { p50: number } } | null }[];
    }>(
      `/v1/models/${encodeURIComponent(haiku45)}/invoke-targets?sourceRegion=us-east-1&rank=latency`,
    );
    const byLatency = await cli([
      'resolve',
      haiku45,
      '--from',
      'us-east-1',
      '--rank',
      'latency',
      ...http,
    ]);
    expect(byLatency.code).toBe(0);
    const latencyRows = lines(byLatency.stdout).slice(1);
    expect(latencyRows.map((r) => r.split(/\s+/)[1])).toEqual(ranked.items.map((t) => t.targetId));
    const measured = ranked.items.findIndex((t) => t.latency !== null);
    expect(measured).toBeGreaterThanOrEqual(0);
    expect(latencyRows[measured]?.split(/\s+/)[9]).toBe(
      String(ranked.items[measured]?.latency?.ttftMs.p50),
    );
    const badRank = await cli([
      'resolve',
      haiku45,
      '--from',
      'us-east-1',
      '--rank',
      'fastest',
      ...http,
    ]);
    expect(badRank.code).toBe(2);
    expect(badRank.stderr).toContain(
      "INVALID_PARAMETER: bad rank for --rank: 'fastest' (expected scope, latency or price)",
    );
  });

  it('quotas --region: every Bedrock quota of the region, unmatched ones flagged', async () => {
    type Quotas = {
      items: {
        quotaCode: string;
        quotaName: string;
        value: number;
        defaultValue: number | null;
        applied: boolean;
        modelId: string | null;
        scope: string | null;
      }[];
    };
    const answer = await api<Quotas>('/v1/regions/us-east-1/quotas');
    const table = await cli(['quotas', '--region', 'us-east-1', ...http]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(/^CODE\s+VALUE\s+DEFAULT\s+APPLIED\s+MODEL\s+SCOPE\s+NAME$/);
    // In the API's order, each with its name at the end of the row.
    expect(rows).toHaveLength(answer.items.length);
    rows.forEach((row, i) => {
      const quota = answer.items[i];
      expect(row.split(/\s+/)[0]).toBe(quota?.quotaCode);
      expect(row.endsWith(`  ${quota?.quotaName}`)).toBe(true);
    });
    const row = (name: string) =>
      rows[answer.items.findIndex((q) => q.quotaName === name)]?.split(/\s+/).slice(0, 6);
    // The zero quota that makes the global Sonnet 4.5 profile unusable.
    expect(
      row(
        'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
      ),
    ).toEqual([expect.stringMatching(/^L-/), '0', '6M', 'yes', SONNET_4_5, 'global']);
    // A token quota for a model no listing describes: shown, flagged.
    expect(
      row('Cross-region model inference tokens per minute for Anthropic Claude Opus 5'),
    ).toEqual([expect.stringMatching(/^L-/), '2M', '2M', 'no', 'UNMATCHED', '-']);
    const unmatched = rows.filter((r) => r.split(/\s+/)[4] === 'UNMATCHED');
    expect(unmatched).toHaveLength(answer.items.filter((q) => q.modelId === null).length);
    expect(unmatched.length).toBeGreaterThan(0);

    const json = await cli(['quotas', '--region', 'us-east-1', '--json', ...http]);
    expect(JSON.parse(json.stdout)).toMatchObject({ region: 'us-east-1', items: answer.items });

    const missing = await cli(['quotas', ...http]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('quotas: missing --region REGION');
    // A well-formed region the catalog does not hold: the API's code and message, one line.
    const unknown = await cli(['quotas', '--region', 'eu-wset-1', ...http]);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(lines(unknown.stderr)).toEqual([
      expect.stringMatching(
        /^bedrock-catalog: NOT_FOUND \(HTTP 404\): region 'eu-wset-1' is not in the catalog; it holds .*us-east-1/,
      ),
    ]);
  });

  it('lifecycle --within: the models with a lifecycle event ahead, soonest first', async () => {
    type Lifecycle = { items: { modelId: string; region: string; next: { at: string } }[] };
    const answer = await api<Lifecycle>('/v1/lifecycle?within=3650d');
    expect(answer.items.length).toBeGreaterThan(0);
    const table = await cli(['lifecycle', '--within', '3650d', ...http]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(/^NEXT\s+EVENT\s+MODEL\s+REGION\s+STATUS\s+END OF LIFE$/);
    expect(rows.map((r) => r.split(/\s+/))).toEqual(
      answer.items.map((item) => [
        item.next.at,
        expect.any(String),
        item.modelId,
        item.region,
        'LEGACY',
        expect.any(String),
      ]),
    );

    const json = await cli([
      'lifecycle',
      '--within',
      '3650d',
      '--region',
      'us-west-2',
      '--json',
      ...http,
    ]);
    expect(JSON.parse(json.stdout).items).toEqual(
      (await api<Lifecycle>('/v1/lifecycle?within=3650d&region=us-west-2')).items,
    );

    // Nothing ahead within an hour: the sentence, exit 0; a bad window is bad input (exit 2).
    const none = await cli(['lifecycle', '--within', '1h', ...http]);
    expect(none).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^No lifecycle event within 1h/),
    });
    const bad = await cli(['lifecycle', '--within', 'soon', ...http]);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)[0]).toBe(
      "bedrock-catalog: INVALID_PARAMETER: --within: expected a duration from now, 1s to 36500d (12h, 30d, 90d); got 'soon'",
    );
  });

  it('scan --wait and changes: a new profile shows up as a change, in both forms', async () => {
    catalog.emulator?.addProfile('eu-west-1', {
      inferenceProfileName: 'cli test',
      inferenceProfileId: 'zz9cli0test1',
      type: 'APPLICATION',
      models: [{ modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}` }],
    });
    const scan = await cli(['scan', '--regions', 'eu-west-1', '--wait', ...http]);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    expect(lines(scan.stdout)[0]).toMatch(/^Scan \S+: succeeded in \d+(\.\d)? ms$/);
    expect(lines(scan.stdout)[2]).toMatch(/^eu-west-1\s+ok\s+\d+/);

    const table = await cli(['changes', '--since', '1h', ...http]);
    expect(table.code).toBe(0);
    expect(lines(table.stdout)[0]).toMatch(/^AT\s+KIND\s+ENTITY\s+REGION\s+ID$/);
    expect(table.stdout).toMatch(/added\s+profile\s+eu-west-1\s+zz9cli0test1/);
    const json = await cli([
      'changes',
      '--since',
      new Date(Date.now() - 3600_000).toISOString(),
      '--json',
      ...http,
    ]);
    expect(JSON.parse(json.stdout).items).toContainEqual(
      expect.objectContaining({
        kind: 'added',
        entity: 'profile',
        id: 'zz9cli0test1',
        region: 'eu-west-1',
      }),
    );

    const started = await cli(['scan', '--json', ...http]);
    expect(JSON.parse(started.stdout).scanId).toMatch(/^[A-Za-z0-9-]+$/);
    const text = await cli(['scan', '--regions', 'us-east-1', ...http]);
    expect(text.stdout).toMatch(/^Scan \S+ started\./);
  });

  it('reads the table directly with --table, with the same answers', async () => {
    const table = [
      '--table',
      catalog.tableName,
      '--dynamodb-endpoint',
      catalog.dynamoEndpoint ?? '',
    ];
    const viaTable = await cli(['resolve', HAIKU, '--from', 'us-east-1', '--json', ...table]);
    const viaHttp = await cli(['resolve', HAIKU, '--from', 'us-east-1', '--json', ...http]);
    expect(viaTable.code).toBe(0);
    expect(JSON.parse(viaTable.stdout).items).toEqual(JSON.parse(viaHttp.stdout).items);
    const quotasViaTable = await cli(['quotas', '--region', 'us-east-1', ...table]);
    const quotasViaHttp = await cli(['quotas', '--region', 'us-east-1', ...http]);
    expect(quotasViaTable).toMatchObject({ code: 0, stderr: '' });
    expect(quotasViaTable.stdout).toBe(quotasViaHttp.stdout);
    const regions = await cli(['regions', ...table]);
    expect(lines(regions.stdout)).toHaveLength(catalog.regions.length + 1);
    const missing = await cli(['model', 'nosuch', '--region', 'us-east-1', ...table]);
    expect(missing).toMatchObject({ code: 1 });
    // No HTTP here: the code and the message, no status.
    expect(missing.stderr).toBe(
      "bedrock-catalog: NOT_FOUND: profile 'nosuch' not found in source region us-east-1\n",
    );
    const scan = await cli(['scan', ...table]);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('scan needs the HTTP API');
  });

  describe('--table read failures: labelled as such, with what to fix', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    // What the SDK would otherwise find on this machine: no region, no credentials, no IMDS.
    const bareMachine = () => {
      for (const name of [
        'AWS_REGION',
        'AWS_DEFAULT_REGION',
        'AWS_PROFILE',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
      ]) {
        vi.stubEnv(name, undefined);
      }
      vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    };

    it('no region: suggests --aws-region', async () => {
      bareMachine();
      const result = await cli(['regions', '--table', 'catalog']);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          "bedrock-catalog: table read failed (table 'catalog'): Region is missing — pass --aws-region REGION or set AWS_REGION\n",
      });
    });

    it('no credentials: suggests checking them', async () => {
      bareMachine();
      const result = await cli(['regions', '--table', 'catalog', '--aws-region', 'eu-west-1']);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(
          /^bedrock-catalog: table read failed \(table 'catalog' in eu-west-1\): .*credentials.* — check your AWS credentials \(AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID\)$/,
        ),
      ]);
    });

    it('no such table: suggests --table and --aws-region', async () => {
      const result = await cli([
        'regions',
        '--table',
        'nosuch-table',
        '--dynamodb-endpoint',
        catalog.dynamoEndpoint ?? '',
      ]);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(
          /^bedrock-catalog: table read failed \(table 'nosuch-table' at http:\S+\): .+ — check --table NAME and --aws-region REGION \(tables are regional\)$/,
        ),
      ]);
      expect(result.stderr).not.toContain('HTTP');
    });
  });

  it('fails with a clear message and exit 2 on bad input', async () => {
    const cases: [string[], string][] = [
      [[], 'missing command'],
      [['frobnicate'], "unknown command 'frobnicate'"],
      [['profiles'], 'profiles: missing <modelId>'],
      [['model'], 'model: missing <profileId>'],
      [
        ['regions', '--scope', 'geo'],
        'regions: --scope does not apply (regions takes --model MODEL, --json,',
      ],
      [['resolve', HAIKU], 'resolve: missing --from REGION'],
      [
        ['resolve', HAIKU, '--from', 'the-moon'],
        "INVALID_PARAMETER: bad region for --from: 'the-moon'",
      ],
      [
        ['quotas', '--region', 'the-moon'],
        "INVALID_PARAMETER: bad region for --region: 'the-moon'",
      ],
      [['lifecycle', '--region', 'EU'], "INVALID_PARAMETER: bad region for --region: 'EU'"],
      [['targets'], 'targets: missing --region REGION'],
      [['targets', '--region', 'us-east-1', '--kind', 'agent'], "bad kind for --kind: 'agent'"],
      [['profiles', HAIKU, '--region', 'US_EAST_1'], "bad region for --region: 'US_EAST_1'"],
      [['scan', '--regions', 'us-east-1,nowhere'], "bad region for --regions: 'nowhere'"],
      [
        ['changes', '--since', 'yesterday'],
        "INVALID_PARAMETER: --since: expected an RFC 3339 time (2026-11-01T00:00:00Z), a date (2026-11-01, UTC) or a duration back from now (30m, 24h, 7d); got 'yesterday'",
      ],
      // No offset: a local time would mean different instants on different machines.
      [['changes', '--since', '2026-11-01T00:00:00'], "got '2026-11-01T00:00:00'"],
      [
        ['regions', '--bogus'],
        "regions: unknown option '--bogus' (regions takes --model MODEL, --json,",
      ],
      [
        ['resolve', HAIKU, '--form', 'us-east-1'],
        "resolve: unknown option '--form' (resolve takes --from REGION, --scope SCOPES, --rank ORDER, --json,",
      ],
      [['profiles', HAIKU, '--region'], 'profiles: --region needs a value (--region REGION)'],
      [
        ['profiles', HAIKU, '--region', '--json'],
        'profiles: --region needs a value (--region REGION)',
      ],
      [['regions', '--json=yes'], 'regions: --json takes no value'],
      [['regions', '--constructor'], "regions: unknown option '--constructor'"],
      [['regions', '--endpoint', ''], "bad URL for --endpoint: '' (expected http:// or https://"],
      [['regions', 'extra'], "regions: unexpected argument 'extra'"],
      [['regions', '--from', 'us-east-1'], 'regions: --from does not apply'],
      [['regions', '--endpoint', 'not a url'], "bad URL for --endpoint: 'not a url'"],
    ];
    for (const [argv, message] of cases) {
      const result = await cli([...argv, ...(argv.includes('--endpoint') ? [] : http)]);
      expect({ argv, code: result.code, stdout: result.stdout }).toEqual({
        argv,
        code: 2,
        stdout: '',
      });
      expect(result.stderr).toContain(message);
      // One line, then the usage hint; quotes balanced (Node's own parse messages were not).
      const [line, hint, ...rest] = lines(result.stderr);
      expect({ argv, hint, rest }).toEqual({
        argv,
        hint: "Run 'bedrock-catalog --help' for usage.",
        rest: [],
      });
      expect(line?.split("'").length ?? 0).toSatisfy((parts: number) => parts % 2 === 1);
      expect(line).not.toContain('BEDROCK_CATALOG_URL');
    }
  });

  it('prints help made from the command specs, for all commands or one', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const synopsis of [
      'regions [--model MODEL]',
      'profiles <modelId> [--region REGION]',
      'model <profileId> [--region REGION]',
      'throughputs --region REGION',
      'resolve <modelId> --from REGION [--scope SCOPES]',
      'changes [--since TIME] [--region REGION]',
      'lifecycle [--within DURATION] [--region REGION]',
      'quotas --region REGION',
      'scan [--regions REGIONS] [--wait]',
      '--endpoint URL',
      '--aws-region REGION',
    ]) {
      expect(help.stdout).toContain(synopsis);
    }
    const one = await cli(['resolve', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('resolve <modelId> --from REGION [--scope SCOPES]');
    expect(one.stdout).toContain('--scope SCOPES');
    expect(one.stdout).toContain('--table NAME');
    expect(one.stdout).not.toContain('throughputs');
    expect((await cli(['help', 'resolve'])).stdout).toBe(one.stdout);
  });

  it('fails with exit 1 on API errors (code and message) and on an unreachable backend', async () => {
    const notFound = await cli(['model', 'nosuch-profile', '--region', 'us-east-1', ...http]);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toBe(
      "bedrock-catalog: NOT_FOUND (HTTP 404): profile 'nosuch-profile' not found in source region us-east-1\n",
    );
    const unknownModel = await cli([
      'resolve',
      'nosuch.model-v1:0',
      '--from',
      'us-east-1',
      ...http,
    ]);
    expect(unknownModel.code).toBe(1);
    expect(unknownModel.stderr).toContain('NOT_FOUND (HTTP 404)');

    // A typo in --from: the API answers 404 (a region it does not hold); the CLI prints its
    // message on one line and exits 1. The fake fetch stands in for that answer.
    const typo = await cli(
      ['resolve', HAIKU, '--from', 'eu-wset-1', '--endpoint', catalog.url],
      {},
      {
        fetch: async () =>
          Response.json(
            {
              error: {
                code: 'NOT_FOUND',
                message: "region 'eu-wset-1' is not in the catalog; it holds eu-west-1, us-east-1",
              },
            },
            { status: 404 },
          ),
      },
    );
    expect(typo).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "bedrock-catalog: NOT_FOUND (HTTP 404): region 'eu-wset-1' is not in the catalog; it holds eu-west-1, us-east-1\n",
    });

    const closed = await freePort();
    const down = await cli(['regions', '--endpoint', `http://127.0.0.1:${closed}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(
      `bedrock-catalog: cannot reach the catalog at http://127.0.0.1:${closed} (ECONNREFUSED) — is \`npm start\` running?\n`,
    );
  });

  it('changes --since takes what the API takes: a date, an RFC 3339 time or a duration', async () => {
    const date = await cli(['changes', '--since', '2026-11-01', '--json', ...http]);
    expect(date.code).toBe(0);
    expect(JSON.parse(date.stdout).since).toBe('2026-11-01T00:00:00.000Z');
    const offset = await cli([
      'changes',
      '--since',
      '2026-11-01T00:00:00+01:00',
      '--json',
      ...http,
    ]);
    expect(JSON.parse(offset.stdout).since).toBe('2026-10-31T23:00:00.000Z');
    const before = Date.now();
    const relative = await cli(['changes', '--since', '30m', '--json', ...http]);
    const since = Date.parse(JSON.parse(relative.stdout).since);
    expect(before - since).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(before - since).toBeLessThanOrEqual(30 * 60_000 + 1000);
  });

  it('runs as `npx bedrock-catalog regions --json` from the repository root, without SDK warnings', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      [
        '--no-install',
        'bedrock-catalog',
        'regions',
        '--json',
        '--table',
        catalog.tableName,
        '--dynamodb-endpoint',
        catalog.dynamoEndpoint ?? '',
      ],
      {
        // As a user's shell has it: the test runner's own silencing of the SDK's notice removed.
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined },
        timeout: 30_000,
      },
    );
    expect(stderr).toBe('');
    const body = JSON.parse(stdout) as { items: { region: string }[] };
    expect(body.items.map((r) => r.region).sort()).toEqual([...catalog.regions].sort());

    const failed = await promisify(execFile)(
      'npx',
      ['--no-install', 'bedrock-catalog', 'frobnicate'],
      {
        timeout: 30_000,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain("unknown command 'frobnicate'");
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A port nothing listens on: bind one, then close it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
