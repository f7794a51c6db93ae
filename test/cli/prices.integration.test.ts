import { PRICE_NOTE } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../packages/cli/src/main.js';
import { startTestCatalog } from '../support/local-catalog.js';
import { withLocalPrices } from '../support/local-prices.js';

/** The CLI's price columns and `prices` command, in process, against local mode with prices. */
const SONNET_4_6 = 'anthropic.claude-sonnet-4-6';
const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0';

let catalog: LocalCatalog;
let http: string[];

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run([...argv, ...http], {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    env: {},
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const lines = (text: string) => text.trimEnd().split('\n');
const cells = (row: string | undefined) => (row ?? '').split(/\s{2,}/);

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,ap-northeast-1' });
  await withLocalPrices(catalog);
  http = ['--endpoint', catalog.url];
});

afterAll(async () => {
  await catalog?.close();
});

describe('bedrock-catalog with prices', () => {
  it('resolve shows input and output $/MTok and the price state of each target', async () => {
    const { code, stdout, stderr } = await cli(['resolve', SONNET_4_6, '--from', 'ap-northeast-1']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [header, ...rows] = lines(stdout);
    const at = (name: string) => cells(header).indexOf(name);
    const columns = (row: string | undefined) => [
      cells(row)[1],
      ...['IN $/MTOK', 'OUT $/MTOK', 'PRICE'].map((n) => cells(row)[at(n)]),
    ];
    expect(rows.map(columns)).toEqual([
      [`jp.${SONNET_4_6}`, '-', '-', 'notPublished'],
      [`global.${SONNET_4_6}`, '3', '15', 'published'],
    ]);
    const cheapest = await cli([
      'resolve',
      SONNET_4_6,
      '--from',
      'ap-northeast-1',
      '--rank',
      'price',
    ]);
    expect(
      lines(cheapest.stdout)
        .slice(1)
        .map((r) => cells(r)[1]),
    ).toEqual([`global.${SONNET_4_6}`, `jp.${SONNET_4_6}`]);
  });

  it('prices MODEL --region: every cell, per MTok, with its state, offer and the note', async () => {
    const { code, stdout, stderr } = await cli(['prices', NOVA_2_LITE, '--region', 'us-east-1']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [header, ...rest] = lines(stdout);
    expect(header).toMatch(
      /^SCOPE\s+TIER\s+ENDPOINT\s+MODE\s+CONTEXT\s+IN \$\/MTOK\s+OUT \$\/MTOK\s+CACHE READ\s+CACHE WRITE 5M\s+STATE\s+OFFER$/,
    );
    expect(rest.at(-1)).toBe(PRICE_NOTE);
    const standard = rest.find((r) => r.startsWith('inRegionGeo  standard'));
    expect(cells(standard)).toEqual([
      'inRegionGeo',
      'standard',
      'runtime',
      'onDemand',
      'standard',
      '0.33',
      '2.75',
      '0.0825',
      '-',
      'published',
      'AmazonBedrock 20260911124410',
    ]);
    const json = await cli(['prices', NOVA_2_LITE, '--region', 'us-east-1', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ modelId: NOVA_2_LITE, note: PRICE_NOTE });
  });

  it('bad input is one line and a non-zero exit, never a stack trace', async () => {
    const missing = await cli(['prices', NOVA_2_LITE]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)[0]).toBe('bedrock-catalog: prices: missing --region REGION');
    const badRegion = await cli(['prices', NOVA_2_LITE, '--region', 'US-EAST-1']);
    expect(badRegion.code).toBe(2);
    expect(lines(badRegion.stderr)[0]).toMatch(/^bedrock-catalog: INVALID_PARAMETER: bad region/);
    const unknown = await cli(['prices', 'no.such-model-v1:0', '--region', 'us-east-1']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(lines(unknown.stderr)).toEqual([
      "bedrock-catalog: NOT_FOUND (HTTP 404): model 'no.such-model-v1:0' is not in the catalog",
    ]);
  });
});
