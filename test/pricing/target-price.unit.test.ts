import { describe, expect, it } from 'vitest';
import {
  ambiguousRowsOf,
  type ClassifiedRow,
  classifyPriceRow,
  PRICE_NOTE,
  type PriceBook,
  type PricedRow,
  type PriceSourceStatus,
  type PriceTarget,
  priceBookOf,
  priceTarget,
  profilePriceTarget,
  type RejectedRow,
  type TargetPrice,
} from '../../packages/catalog/src/index.js';
import { asPriceRow, emulatorDirectory, SLICE_ROWS } from './fixtures.js';

const NOW = new Date('2026-12-02T06:00:00.000Z');
const OPTIONS = { now: NOW, staleAfterMs: 24 * 3_600_000 };
const directory = emulatorDirectory();
const PRICED: PricedRow[] = SLICE_ROWS.map((row) =>
  classifyPriceRow(asPriceRow(row), directory),
).filter((row): row is PricedRow => row.status === 'priced');
const fresh = (version: string, publicationDate: string): PriceSourceStatus => ({
  version,
  publicationDate,
  checkedAt: '2026-12-02T00:00:00.000Z',
  lastRefreshFailed: false,
});
const SOURCES = new Map([
  ['AmazonBedrock', fresh('20260911124410', '2026-09-11T12:44:10Z')],
  ['AmazonBedrockFoundationModels', fresh('20260901205051', '2026-09-01T20:50:51Z')],
  ['AmazonBedrockService', fresh('20260914093012', '2026-09-14T09:30:12Z')],
]);
const book = priceBookOf(PRICED, SOURCES);
const price = (target: PriceTarget, using: PriceBook = book): TargetPrice =>
  priceTarget(target, using, OPTIONS);

const SONNET = 'anthropic.claude-sonnet-4-6';
const bare = (modelId: string, sourceRegion: string) =>
  ({ kind: 'model', modelId, sourceRegion }) as const;
const geo = (modelId: string, sourceRegion: string) =>
  ({ kind: 'geoProfile', modelId, sourceRegion }) as const;
const global = (modelId: string, sourceRegion: string) =>
  ({ kind: 'globalProfile', modelId, sourceRegion }) as const;

describe('priceTarget', () => {
  it('prices a bare ID with the regional standard row of its region, citing each SKU', () => {
    expect(price(bare('amazon.nova-2-lite-v1:0', 'us-east-1'))).toEqual({
      state: 'published',
      currency: 'USD',
      tier: 'standard',
      inputPerMTok: 0.33,
      outputPerMTok: 2.75,
      cacheReadPerMTok: 0.0825,
      cacheWritePerMTok: null,
      source: {
        offer: 'AmazonBedrock',
        version: '20260911124410',
        publicationDate: '2026-09-11T12:44:10Z',
        skus: {
          input: expect.stringMatching(/^SKU-USE1-Nova2\.0Lite-input-tokens$/),
          output: 'SKU-USE1-Nova2.0Lite-output-tokens',
          cacheRead: 'SKU-USE1-Nova2.0Lite-cache-read-input-tokens',
        },
      },
      note: PRICE_NOTE,
    });
  });

  // LiteLLM #42679 (bare at the global rate) and #30768 (geo priced as bare after prefix stripping).
  it('prices a bare ID and a geo profile from S at the regional rate, a global profile at the global one', () => {
    expect(price(bare(SONNET, 'us-east-1'))).toMatchObject({
      inputPerMTok: 3.3,
      outputPerMTok: 16.5,
    });
    expect(price(geo(SONNET, 'us-east-1'))).toMatchObject({
      state: 'published',
      inputPerMTok: 3.3,
      outputPerMTok: 16.5,
      cacheReadPerMTok: 0.33,
      cacheWritePerMTok: 4.125,
    });
    expect(price(global(SONNET, 'us-east-1'))).toMatchObject({
      state: 'published',
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheWritePerMTok: 3.75,
    });
  });

  // LiteLLM #42469 (US fallback), and never a destination region's price.
  it('gives a geo profile from a region with no regional row notPublished, never another region', () => {
    expect(price(geo(SONNET, 'ap-northeast-1'))).toEqual({
      state: 'notPublished',
      currency: 'USD',
      tier: 'standard',
      inputPerMTok: null,
      outputPerMTok: null,
      cacheReadPerMTok: null,
      cacheWritePerMTok: null,
      source: null,
      reason: `no regional row for ${SONNET} in ap-northeast-1`,
      note: PRICE_NOTE,
    });
    expect(price(global(SONNET, 'ap-northeast-1'))).toMatchObject({
      state: 'published',
      inputPerMTok: 3,
    });
    // A model with global rows elsewhere: a global call from a region without one is not borrowed.
    expect(price(global(SONNET, 'ca-central-1'))).toMatchObject({ state: 'notPublished' });
  });

  // llmgateway #2806: a blanket +10% for every non-global ID.
  it('gives a single-rate model (no global row anywhere) its one rate, unmultiplied', () => {
    expect(price(global('meta.llama3-3-70b-instruct-v1:0', 'us-east-1'))).toMatchObject({
      state: 'singleRate',
      inputPerMTok: 0.72,
      outputPerMTok: 0.72,
    });
    expect(price(geo('meta.llama3-3-70b-instruct-v1:0', 'us-east-1'))).toMatchObject({
      state: 'published',
      inputPerMTok: 0.72,
    });
  });

  it('gives a global profile notPublished when regional rates differ and no global row exists', () => {
    const llama = PRICED.filter((row) => row.modelKey === 'meta.llama3-3-70b-instruct-v1:0');
    const dearer = llama.map((row) =>
      row.region === 'us-west-2' ? { ...row, usdPerMillionTokens: 0.86 } : row,
    );
    const varied = priceBookOf(dearer, SOURCES);
    expect(price(global('meta.llama3-3-70b-instruct-v1:0', 'us-east-1'), varied)).toMatchObject({
      state: 'notPublished',
    });
  });

  it('prices an application profile as what it copies, with derivedFrom', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123';
    const target = profilePriceTarget({
      profileArn: arn,
      modelId: SONNET,
      region: 'us-east-1',
      scope: 'application',
      routing: 'geo',
    });
    expect(price(target)).toMatchObject({ state: 'derived', inputPerMTok: 3.3, derivedFrom: arn });
    const copiesGlobal = profilePriceTarget({
      profileArn: arn,
      modelId: SONNET,
      region: 'ap-northeast-1',
      scope: 'application',
      routing: 'in-region',
    });
    expect(price(copiesGlobal)).toMatchObject({ state: 'notPublished', derivedFrom: arn });
  });

  it('marks provisioned throughput, imported models and deployments notTokenPriced', () => {
    for (const kind of [
      'provisionedThroughput',
      'importedModel',
      'customModelDeployment',
    ] as const) {
      expect(
        price({ kind, arn: 'arn:aws:bedrock:us-east-1:111122223333:x', sourceRegion: 'us-east-1' }),
      ).toMatchObject({
        state: 'notTokenPriced',
        inputPerMTok: null,
      });
    }
  });

  it('says stale when the last refresh failed or the source was not checked for too long', () => {
    const failed = new Map(SOURCES);
    failed.set('AmazonBedrockFoundationModels', {
      ...fresh('20260901205051', '2026-09-01T20:50:51Z'),
      lastRefreshFailed: true,
    });
    expect(price(geo(SONNET, 'us-east-1'), priceBookOf(PRICED, failed))).toMatchObject({
      state: 'stale',
      inputPerMTok: 3.3,
      reason: 'the last refresh of AmazonBedrockFoundationModels failed',
    });
    const old = new Map(SOURCES);
    old.set('AmazonBedrock', {
      ...fresh('20260911124410', '2026-09-11T12:44:10Z'),
      checkedAt: '2026-11-29T00:00:00.000Z',
    });
    expect(
      price(bare('amazon.nova-2-lite-v1:0', 'us-east-1'), priceBookOf(PRICED, old)),
    ).toMatchObject({
      state: 'stale',
    });
  });
});

describe('invariants over the emulator slice', () => {
  const cellKey = (row: PricedRow, scope = row.scope, tier: string = row.tier) =>
    [
      row.modelKey,
      row.region,
      scope,
      tier,
      row.endpoint,
      row.mode,
      row.direction,
      row.cacheTtl,
      row.context,
    ].join('|');
  const byKey = new Map(PRICED.map((row) => [cellKey(row), row]));

  it('has global ≤ regional wherever both exist (and some pairs to check)', () => {
    const pairs = PRICED.filter((row) => row.scope === 'global').flatMap((row) => {
      const regional = byKey.get(cellKey(row, 'inRegionGeo'));
      return regional ? [[row, regional] as const] : [];
    });
    expect(pairs.length).toBeGreaterThan(20);
    for (const [globalRow, regional] of pairs) {
      expect(globalRow.usdPerMillionTokens, globalRow.sku).toBeLessThanOrEqual(
        regional.usdPerMillionTokens,
      );
    }
  });

  it('has batch ≤ standard wherever both exist', () => {
    const pairs = PRICED.filter((row) => row.tier === 'batch').flatMap((row) => {
      const standard = byKey.get(cellKey(row, row.scope, 'standard'));
      return standard ? [[row, standard] as const] : [];
    });
    expect(pairs.length).toBeGreaterThan(5);
    for (const [batch, standard] of pairs) {
      expect(batch.usdPerMillionTokens).toBeLessThanOrEqual(standard.usdPerMillionTokens);
    }
  });

  it('cites a SKU for every priced cell and stores no 0 for unknown', () => {
    for (const row of PRICED) {
      expect(row.sku).not.toBe('');
      expect(row.usdPerMillionTokens).toBeGreaterThan(0);
    }
    const targets: PriceTarget[] = [...book.cells.keys()].flatMap((modelId) =>
      ['us-east-1', 'ap-northeast-1', 'ca-central-1'].flatMap((region) => [
        bare(modelId, region),
        geo(modelId, region),
        global(modelId, region),
      ]),
    );
    for (const target of targets) {
      const answer = price(target);
      for (const value of [
        answer.inputPerMTok,
        answer.outputPerMTok,
        answer.cacheReadPerMTok,
        answer.cacheWritePerMTok,
      ]) {
        expect(value === null || value > 0).toBe(true);
      }
      if (answer.inputPerMTok !== null) expect(answer.source?.skus.input).toBeTruthy();
    }
  });
});

describe('unmatched: a row whose name joins to several models', () => {
  const CLAUDE_2 = 'anthropic.claude-v2';
  const CLAUDE_2_1 = 'anthropic.claude-v2:1';
  const CLASSIFIED = SLICE_ROWS.map((row) => classifyPriceRow(asPriceRow(row), directory));
  const ambiguousIn = (offer: string, version: string) =>
    ambiguousRowsOf(CLASSIFIED.filter((row) => row.offer === offer)).map((row) => ({
      ...row,
      offer,
      version,
    }));
  const withAmbiguous = priceBookOf(
    PRICED,
    SOURCES,
    ambiguousIn('AmazonBedrock', '20260911124410'),
  );

  it('keeps only the several-candidate rows of a standard cell, never the no-candidate ones', () => {
    const kept = ambiguousRowsOf(CLASSIFIED);
    expect(
      kept.map((row) => `${row.region} ${row.scope} ${row.direction} ${row.candidates}`),
    ).toEqual([
      `us-east-1 inRegionGeo input ${CLAUDE_2},${CLAUDE_2_1}`,
      `us-east-1 inRegionGeo output ${CLAUDE_2},${CLAUDE_2_1}`,
    ]);
    // Claude Opus 4.7 joins to no model: unmatched in the counts, attributed to nobody.
    expect(CLASSIFIED.filter((row) => row.status === 'unmatched')).toHaveLength(4);
    // A batch row under the shared name prices no invoke target, so it changes none.
    const [input] = CLASSIFIED.filter((row) => row.sku.includes('Claude2-input'));
    const batch = {
      ...(input as RejectedRow),
      axes: { ...(input as RejectedRow).axes, tier: 'batch' },
    };
    expect(ambiguousRowsOf([batch as ClassifiedRow])).toEqual([]);
  });

  it('prices every candidate bare ID of that region and scope as unmatched, citing the rows', () => {
    for (const modelId of [CLAUDE_2, CLAUDE_2_1]) {
      const answer = price(bare(modelId, 'us-east-1'), withAmbiguous);
      expect(answer).toMatchObject({
        state: 'unmatched',
        inputPerMTok: null,
        outputPerMTok: null,
        source: {
          offer: 'AmazonBedrock',
          version: '20260911124410',
          publicationDate: '2026-09-11T12:44:10Z',
          skus: {
            input: 'SKU-USE1-Claude2-input-tokens',
            output: 'SKU-USE1-Claude2-output-tokens',
          },
        },
      });
      expect(answer.reason).toBe(
        `severalModelsWithName: 'Claude' in us-east-1: row SKU-USE1-Claude2-input-tokens may price any of ${CLAUDE_2}, ${CLAUDE_2_1}, and the catalog never guesses which`,
      );
    }
    // Without the rows (or in another region, or another scope) it is notPublished, as before.
    expect(price(bare(CLAUDE_2, 'us-east-1')).state).toBe('notPublished');
    expect(price(bare(CLAUDE_2, 'us-west-2'), withAmbiguous).state).toBe('notPublished');
    expect(price(global(CLAUDE_2, 'us-east-1'), withAmbiguous).state).not.toBe('unmatched');
  });

  it('lets a published cell win, and lets a shared-name global row anywhere rule out singleRate', () => {
    const nova = 'amazon.nova-2-lite-v1:0';
    const claim = (region: string, scope: 'inRegionGeo' | 'global') => ({
      sku: `SKU-${region}-${scope}`,
      usageType: 'USE1-Shared-input-tokens',
      region,
      scope,
      direction: 'input' as const,
      candidates: [nova, 'meta.llama3-3-70b-instruct-v1:0'].sort(),
      reason: `severalModelsWithName: 'Shared' in ${region}`,
      offer: 'AmazonBedrock',
      version: '20260911124410',
    });
    const shared = priceBookOf(PRICED, SOURCES, [claim('us-east-1', 'inRegionGeo')]);
    expect(price(bare(nova, 'us-east-1'), shared).state).toBe('published');
    // Llama 3.3 has one rate and no global row: singleRate, until a shared global row appears.
    const llama = 'meta.llama3-3-70b-instruct-v1:0';
    expect(price(global(llama, 'us-east-1')).state).toBe('singleRate');
    const elsewhere = priceBookOf(PRICED, SOURCES, [claim('eu-west-1', 'global')]);
    expect(price(global(llama, 'us-east-1'), elsewhere)).toMatchObject({
      state: 'unmatched',
      source: { skus: { input: 'SKU-eu-west-1-global' } },
    });
  });

  it('carries unmatched through an application profile that copies the target', () => {
    const app = {
      kind: 'applicationProfile',
      profileArn: 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/c2',
      copies: bare(CLAUDE_2, 'us-east-1'),
    } as const;
    expect(price(app, withAmbiguous)).toMatchObject({
      state: 'unmatched',
      derivedFrom: app.profileArn,
    });
  });
});
