import type { FoundationModelLifecycle } from '@bedrock-profile-catalog/bedrock-emulator';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import type { AnswerOf } from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Lifecycle in every answer, on the emulator's default data through the HTTP API: Claude 3.5
 * Sonnet is past end of life, Claude 3.5 Haiku is LEGACY with dates still ahead (see
 * packages/bedrock-emulator/README.md).
 */
const SONNET_3_5 = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const HAIKU_3_5 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const DAY_MS = 86_400_000;

type Targets = AnswerOf<'listInvokeTargets'>;
type Lifecycle = AnswerOf<'listLifecycle'>;

let catalog: LocalCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});

afterAll(async () => {
  await catalog?.close();
});

const targets = (modelId: string, sourceRegion: string, extra = '') =>
  fetchJson<Targets>(
    catalog,
    `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${sourceRegion}${extra}`,
  );
const lifecycle = (query: string) => fetchJson<Lifecycle>(catalog, `/v1/lifecycle?${query}`);

/** The emulator's lifecycle for the model in each region that lists it. */
function listedLifecycles(modelId: string): Map<string, FoundationModelLifecycle | undefined> {
  const regions = Object.entries(catalog.emulator?.data().regions ?? {});
  return new Map(
    regions.flatMap(([region, data]) => {
      const model = data.foundationModels.find((m) => m.modelId === modelId);
      return model ? [[region, model.modelLifecycle] as const] : [];
    }),
  );
}

/** The regions whose listing has no end of life behind it. */
function notEnded(listed: Map<string, FoundationModelLifecycle | undefined>): string[] {
  return [...listed]
    .filter(([, l]) => !l?.endOfLifeTime || Date.parse(l.endOfLifeTime) > Date.now())
    .map(([region]) => region)
    .sort();
}

/** Haiku 3.5's dates in the emulator, and the first of them still ahead. */
function haikuDates() {
  const [dates] = [...listedLifecycles(HAIKU_3_5).values()];
  if (!dates?.publicExtendedAccessTime || !dates.endOfLifeTime || !dates.legacyTime) {
    throw new Error('default data: Claude 3.5 Haiku has lost its lifecycle dates');
  }
  const ahead = [
    ['legacy', dates.legacyTime],
    ['publicExtendedAccess', dates.publicExtendedAccessTime],
    ['endOfLife', dates.endOfLifeTime],
  ].filter(([, at]) => Date.parse(at as string) > Date.now());
  const [event, at] = ahead[0] ?? [];
  if (!event || !at) throw new Error('default data: Claude 3.5 Haiku is past end of life');
  return {
    dates,
    next: { event, at },
    daysToNext: Math.ceil((Date.parse(at) - Date.now()) / DAY_MS),
  };
}

describe('lifecycle on invoke targets', () => {
  it('a LEGACY model: every target carries its status and dates', async () => {
    const { dates } = haikuDates();
    const { status, body } = await targets(HAIKU_3_5, 'us-west-2');

    expect(status).toBe(200);
    expect(body.items.map((t) => `${t.scope} ${t.kind}`)).toEqual([
      'in-region model',
      'geo profile',
    ]);
    for (const target of body.items) {
      expect(target.lifecycle).toEqual({
        status: 'LEGACY',
        legacyTime: dates.legacyTime,
        publicExtendedAccessTime: dates.publicExtendedAccessTime,
        endOfLifeTime: dates.endOfLifeTime,
      });
    }
  });

  it('an ACTIVE model without dates: status ACTIVE, every date null', async () => {
    const { body } = await targets(HAIKU_3, 'us-east-1');
    expect(body.items.length).toBeGreaterThan(1);
    for (const target of body.items) {
      expect(target.lifecycle).toEqual({
        status: 'ACTIVE',
        legacyTime: null,
        publicExtendedAccessTime: null,
        endOfLifeTime: null,
      });
    }
  });

  it('a model past end of life: no targets, and a hint saying since when', async () => {
    const listed = listedLifecycles(SONNET_3_5);
    const end = listed.get('us-east-1')?.endOfLifeTime;
    expect(Date.parse(end ?? '')).toBeLessThan(Date.now());
    // ap-southeast-1 replays a recording from before the dates existed: ACTIVE there.
    expect(notEnded(listed)).toEqual(['ap-southeast-1']);

    // The emulator still lists it on demand and through a us. profile in us-east-1.
    for (const extra of ['', '&scope=geo']) {
      const { status, body } = await targets(SONNET_3_5, 'us-east-1', extra);
      expect(status).toBe(200);
      expect(body.items).toEqual([]);
      expect(body.hint).toEqual({
        message: `this model reached end of life in us-east-1 on ${end}; calls to it fail there, and it has such targets from: ap-southeast-1`,
        regions: ['ap-southeast-1'],
        endOfLifeTime: end,
      });
    }
  });

  it('a hint never sends the caller to a region where the model is past end of life', async () => {
    // ap-southeast-4 lists neither Sonnet 3.5 nor any profile for it; ten regions do, and in
    // all but one of them it is past end of life.
    const { body } = await targets(SONNET_3_5, 'ap-southeast-4');
    expect(listedLifecycles(SONNET_3_5).size).toBe(10);
    expect(body.items).toEqual([]);
    expect(body.hint).toEqual({
      message:
        'no invocable target for this model in the source region; it has such targets from: ap-southeast-1',
      regions: ['ap-southeast-1'],
      endOfLifeTime: null,
    });
  });
});

describe('GET /v1/lifecycle', () => {
  it('lists the models whose next event falls within the window, soonest first', async () => {
    const { dates, next, daysToNext } = haikuDates();
    const { status, body } = await lifecycle(`within=${daysToNext}d`);

    expect(status).toBe(200);
    const haiku = body.items.filter((item) => item.modelId === HAIKU_3_5);
    expect(haiku.map((item) => item.region).sort()).toEqual(
      [...listedLifecycles(HAIKU_3_5).keys()].sort(),
    );
    for (const item of haiku) {
      expect(item).toEqual({
        modelId: HAIKU_3_5,
        region: item.region,
        status: 'LEGACY',
        next,
        legacyTime: dates.legacyTime,
        publicExtendedAccessTime: dates.publicExtendedAccessTime,
        endOfLifeTime: dates.endOfLifeTime,
      });
    }
    // Nothing past end of life (nothing is ahead of it), nothing without dates.
    expect(body.items.some((item) => item.modelId === SONNET_3_5)).toBe(false);
    expect(body.items.every((item) => Date.parse(item.next.at) > Date.now())).toBe(true);
    const times = body.items.map((item) => Date.parse(item.next.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Date.parse(body.until)).toBeGreaterThanOrEqual(Date.parse(next.at));
    expect(body.catalogAsOf).toEqual(expect.any(String));
  });

  it('a window that ends before the next event leaves the model out', async () => {
    const { daysToNext } = haikuDates();
    const { body } = await lifecycle(`within=${(daysToNext - 1) * 24}h`);
    expect(body.items.some((item) => item.modelId === HAIKU_3_5)).toBe(false);
  });

  it('region: only that region; a region the catalog does not hold is a 404', async () => {
    const { daysToNext } = haikuDates();
    const { body } = await lifecycle(`within=${daysToNext}d&region=us-west-2`);
    expect(body.items.map((item) => `${item.modelId} ${item.region}`)).toEqual([
      `${HAIKU_3_5} us-west-2`,
    ]);

    const unknown = await lifecycle('region=eu-wset-1');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('within defaults to 90 days', async () => {
    const { body } = await lifecycle('');
    const until = Date.parse(body.until);
    expect(Math.abs(until - (Date.now() + 90 * DAY_MS))).toBeLessThan(60_000);
  });

  it.each(['soon', '90', '0d', '-5d', '1.5d', '90d,30d', '36501d'])(
    'refuses within=%s with a 400 naming the parameter',
    async (within) => {
      const { status, body } = await lifecycle(`within=${encodeURIComponent(within)}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: { code: 'INVALID_PARAMETER', parameter: 'within' },
      });
      expect(JSON.stringify(body)).toMatch(/expected a duration/);
    },
  );
});
