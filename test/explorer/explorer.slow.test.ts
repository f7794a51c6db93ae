import { mkdir } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import chromiumPackage from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  InvokeTargets,
  Lifecycle,
  ModelRegions,
  ModelSummary,
  Profile,
  RegionQuotas,
  RegionStatus,
  Throughput,
} from '../../packages/explorer/src/api.js';
import { cellOf, indexCatalog } from '../../packages/explorer/src/cells.js';
import {
  type LocalCatalog,
  loadLocalConfig,
  startLocalCatalog,
} from '../../packages/local/src/index.js';
import { repricedOffer } from '../pricing/fixtures.js';
import { withLocalPrices } from '../support/local-prices.js';

/**
 * The explorer page end to end: Vite build → local mode (dynalite + emulator + first scan) →
 * the Chromium that `npm ci` installs (@sparticuz/chromium) through playwright-core. One browser
 * launch for the whole file, with our own flags rather than the package's Lambda set (which
 * adds --single-process and --disable-web-security): tests may run as root, and the network is
 * closed, so nothing may phone home.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
/** A context-length variant: provisioned throughput only, and the emulator's account holds one. */
const HAIKU_48K = `${HAIKU}:48k`;
const NOVA_PRO = 'amazon.nova-pro-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const TITAN_EXPRESS_8K = 'amazon.titan-text-express-v1:0:8k';
const ADDED_PROFILE = 'zz9explorer1';
/** The emulator's default data holds its global profile's quota at 0 tokens a minute in us-east-1. */
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** LEGACY in us-east-1, us-east-2 and us-west-2, with every lifecycle date ahead but the first. */
const HAIKU_3_5 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
/** Priced in the emulator's Price List slice: a global row in ap-northeast-1, no regional one. */
const SONNET_4_6 = 'anthropic.claude-sonnet-4-6';
/** The Marketplace offer version beforeAll publishes, with one price moved. */
const FM_VERSION = '20261201000000';

describe('explorer page in headless Chromium', () => {
  let catalog: LocalCatalog;
  let browser: Browser;
  let page: Page;
  const api = async <T>(path: string) => (await (await fetch(`${catalog.url}${path}`)).json()) as T;

  beforeAll(async () => {
    await build({ root: 'packages/explorer', logLevel: 'warn' });
    catalog = await startLocalCatalog(loadLocalConfig({ PORT: '0', SCAN_INTERVAL_SECONDS: '0' }), {
      logger: new Logger({ logLevel: 'ERROR' }),
    });
    // One real change for the feed: an application profile appears in us-east-1.
    catalog.emulator?.addProfile('us-east-1', {
      inferenceProfileName: 'explorer test haiku',
      inferenceProfileId: ADDED_PROFILE,
      type: 'APPLICATION',
      models: [{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}` }],
    });
    await catalog.scanNow(['us-east-1']);
    const { refresh } = await withLocalPrices(catalog);
    // And one price change: a new offer version moves Sonnet 4.6's us-east-1 output price.
    catalog.emulator?.priceList.publish(
      repricedOffer(
        'AmazonBedrockFoundationModels',
        FM_VERSION,
        'USE1-MP:USE1_OutputTokenCount-Units',
        '16.0000000000',
      ),
    );
    await refresh();

    // `npm ci` brings the browser: @sparticuz/chromium unpacks its Chromium to the temp dir once.
    browser = await chromium.launch({
      executablePath: await chromiumPackage.executablePath(),
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: catalog.url });
    page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${catalog.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await catalog?.close();
  });

  it('renders the model × region matrix from the catalog', async () => {
    const models = await api<{ items: ModelSummary[] }>('/v1/models');
    const regions = await api<{ items: RegionStatus[] }>('/v1/regions');
    const rows = await page.locator('#matrix-table tr[data-model-id]').count();
    expect(rows).toBe(models.items.length);
    const columns = await page.locator('#matrix-table thead th.region-col').allTextContents();
    expect(columns).toEqual(regions.items.map((r) => r.region).sort());

    const cell = (modelId: string, region: string) =>
      page.locator(`tr[data-model-id="${modelId}"] td[data-region="${region}"]`);
    // Claude 3 Haiku runs on demand with its bare ID in us-east-1.
    await expect(cell(HAIKU, 'us-east-1').getAttribute('data-state')).resolves.toBe('on-demand');
    // Nova Pro is INFERENCE_PROFILE-only in ap-southeast-1: reached through the apac. profile.
    await expect(cell(NOVA_PRO, 'ap-southeast-1').getAttribute('data-state')).resolves.toBe('geo');
    await expect(
      cell(NOVA_PRO, 'ap-southeast-1').getByRole('button').getAttribute('aria-label'),
    ).resolves.toContain(`apac.${NOVA_PRO}`);
    // A context-length variant is provisioned-only: the account's throughput in us-east-1 is
    // the way in (called by its ARN); in ap-south-1 the account holds none, but one can buy it.
    const held = await api<{ items: Throughput[] }>('/v1/regions/us-east-1/throughputs');
    const heldArn = held.items.find((t) => t.modelId === HAIKU_48K)?.arn;
    expect(heldArn).toMatch(/^arn:aws:bedrock:us-east-1:\d{12}:provisioned-model\//);
    await expect(cell(HAIKU_48K, 'us-east-1').getAttribute('data-state')).resolves.toBe(
      'provisioned',
    );
    await expect(
      cell(HAIKU_48K, 'us-east-1').getByRole('button').getAttribute('aria-label'),
    ).resolves.toContain(`Provisioned throughput (${heldArn})`);
    await expect(cell(HAIKU_48K, 'ap-south-1').getAttribute('data-state')).resolves.toBe(
      'provisioned',
    );
    await expect(
      cell(HAIKU_48K, 'ap-south-1').getByRole('button').getAttribute('aria-label'),
    ).resolves.toContain('the account holds none in service here');

    // Every cell agrees with the catalog (API data through the page's own cell rules).
    const profiles: Profile[] = [];
    for (const { region } of regions.items) {
      const list = await api<{ items: Profile[]; nextCursor: string | null }>(
        `/v1/regions/${region}/profiles?limit=100`,
      );
      expect(list.nextCursor).toBeNull();
      profiles.push(...list.items);
    }
    const throughputs: Throughput[] = [];
    for (const { region } of regions.items.filter((r) => r.counts.throughputs > 0)) {
      const list = await api<{ items: Throughput[]; nextCursor: string | null }>(
        `/v1/regions/${region}/throughputs?limit=100`,
      );
      expect(list.nextCursor).toBeNull();
      throughputs.push(...list.items);
    }
    expect(throughputs.length).toBeGreaterThan(0);
    const quotas = await Promise.all(
      regions.items.map(({ region }) => api<RegionQuotas>(`/v1/regions/${region}/quotas`)),
    );
    const index = indexCatalog(profiles, throughputs, quotas);
    const expected = models.items.flatMap((m) =>
      columns.map((r) => `${m.modelId}@${r}=${cellOf(m, r, index).state}`),
    );
    const rendered = await page.$$eval('#matrix-table tr[data-model-id]', (trs) =>
      trs.flatMap((tr) =>
        Array.from(tr.querySelectorAll('td')).map(
          (td) => `${tr.getAttribute('data-model-id')}@${td.dataset.region}=${td.dataset.state}`,
        ),
      ),
    );
    expect(rendered).toEqual(expected);
    // …and names the kind of the resolver's first target, checked independently for 5 models.
    const forSale = (modelId: string, region: string) =>
      models.items
        .find((m) => m.modelId === modelId)
        ?.regions.some((r) => r.region === region && r.inferenceTypes.includes('PROVISIONED'));
    const resolved = await Promise.all(
      [HAIKU, NOVA_PRO, SONNET_4, HAIKU_48K, TITAN_EXPRESS_8K].flatMap((modelId) =>
        columns.map(async (region) => {
          const answer = await api<InvokeTargets>(
            `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${region}`,
          );
          const first = answer.items?.[0];
          let want: string;
          if (!first) want = forSale(modelId, region) ? 'provisioned' : 'not-offered';
          else if (first.access && !first.access.usable) {
            want = /^quota '.+' \(L-\w+\) is 0$/.test(first.access.reason ?? '')
              ? 'zero-quota'
              : 'no-access';
          } else if (first.kind === 'provisioned-throughput') want = 'provisioned';
          else want = first.scope === 'in-region' ? 'on-demand' : first.scope;
          return `${modelId}@${region}=${want}`;
        }),
      ),
    );
    expect(resolved.length).toBe(5 * columns.length);
    expect(rendered).toEqual(expect.arrayContaining(resolved));
    const states = new Set(rendered.map((entry) => entry.split('=')[1]));
    expect([...states].sort()).toEqual(
      expect.arrayContaining([
        'application',
        'geo',
        'global',
        'not-offered',
        'on-demand',
        'provisioned',
      ]),
    );
  });

  it('marks cells with a zero quota and LEGACY cells, with a title that says why', async () => {
    const cell = (modelId: string, region: string) =>
      page.locator(`tr[data-model-id="${modelId}"] td[data-region="${region}"]`);
    const markedCells = (attribute: string) =>
      page.$$eval(`#matrix-table td[${attribute}]`, (tds) =>
        tds.map((td) => `${td.closest('tr')?.dataset.modelId}@${td.dataset.region}`).sort(),
      );

    // Zero quotas: exactly the (model, region) pairs where the API lists a matched quota of 0.
    const regions = await api<{ items: RegionStatus[] }>('/v1/regions');
    const zero = new Set<string>();
    for (const { region } of regions.items) {
      const { items } = await api<RegionQuotas>(`/v1/regions/${region}/quotas`);
      for (const q of items) if (q.value === 0 && q.modelId) zero.add(`${q.modelId}@${region}`);
    }
    expect([...zero]).toEqual([`${SONNET_4_5}@us-east-1`]);
    await expect(markedCells('data-zero-quota')).resolves.toEqual([...zero].sort());
    // The geo profile is still usable, so the cell names it, as the resolver ranks it first;
    // the mark names the global profile the quota blocks, in the resolver's own words.
    const targets = await api<InvokeTargets>(
      `/v1/models/${encodeURIComponent(SONNET_4_5)}/invoke-targets?sourceRegion=us-east-1`,
    );
    const blocked = targets.items.find((t) => t.access?.usable === false);
    expect(blocked).toMatchObject({ scope: 'global', quota: { tokensPerMinute: 0 } });
    await expect(cell(SONNET_4_5, 'us-east-1').getAttribute('data-state')).resolves.toBe('geo');
    const zeroMark = cell(SONNET_4_5, 'us-east-1').locator('.mark-zero-quota');
    await expect(zeroMark.isVisible()).resolves.toBe(true);
    const zeroTitle = await zeroMark.getAttribute('title');
    expect(zeroTitle).toContain(`Global profile (global.${SONNET_4_5}) unusable`);
    expect(zeroTitle).toContain(blocked?.access?.reason ?? '?');
    await expect(
      cell(SONNET_4_5, 'us-east-1').getByRole('button').getAttribute('aria-label'),
    ).resolves.toContain(blocked?.access?.reason ?? '?');
    // Another region's Sonnet 4.5 cell carries no such mark.
    await expect(cell(SONNET_4_5, 'us-west-2').locator('.mark-zero-quota').count()).resolves.toBe(
      0,
    );

    // LEGACY: exactly the (model, region) pairs that /v1/models lists as LEGACY.
    const models = await api<{ items: ModelSummary[] }>('/v1/models');
    const legacy = models.items.flatMap((m) =>
      m.regions
        .filter((r) => r.lifecycleStatus === 'LEGACY')
        .map((r) => `${m.modelId}@${r.region}`),
    );
    expect(legacy).toContain(`${HAIKU_3_5}@us-west-2`);
    await expect(markedCells('data-legacy')).resolves.toEqual(legacy.sort());
    const legacyMark = cell(HAIKU_3_5, 'us-west-2').locator('.mark-legacy');
    await expect(legacyMark.isVisible()).resolves.toBe(true);
    await expect(legacyMark.getAttribute('title')).resolves.toMatch(
      /^LEGACY in us-west-2: Bedrock is retiring this model here/,
    );
    // The two marks look different from each other and from a plain cell.
    const looks = await page.$$eval(
      [
        `tr[data-model-id="${SONNET_4_5}"] td[data-region="us-east-1"] .mark-zero-quota`,
        `tr[data-model-id="${HAIKU_3_5}"] td[data-region="us-west-2"] .mark-legacy`,
      ].join(', '),
      (marks) =>
        marks.map((mark) => `${getComputedStyle(mark).backgroundColor} ${mark.textContent}`),
    );
    expect(new Set(looks).size).toBe(2);
    await expect(page.locator('.legend').textContent()).resolves.toMatch(
      /quota of 0.*LEGACY|LEGACY.*quota of 0/s,
    );

    // Selecting the cell resolves it: the blocked target last, with its quota.
    await cell(SONNET_4_5, 'us-east-1').getByRole('button').click();
    await expect
      .poll(() =>
        page
          .locator('#targets li')
          .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-target-id'))),
      )
      .toEqual(targets.items.map((t) => t.targetId));
    const last = page.locator('#targets li').last();
    await expect(last.getAttribute('class')).resolves.toContain('no-access');
    await expect(last.textContent()).resolves.toContain(
      `0 tokens/min, ${blocked?.quota?.tokensPerDay?.toLocaleString('en-US')} tokens/day (applied)`,
    );
    await expect(last.textContent()).resolves.toContain(blocked?.access?.reason ?? '?');
  });

  it('lists what reaches a lifecycle event soon, as GET /v1/lifecycle?within=90d does', async () => {
    const shown = (on: Page) =>
      on.$$eval('#lifecycle-list li', (lis) =>
        lis.map((li) => `${li.dataset.modelId}@${li.dataset.region}=${li.dataset.at}`),
      );
    const entries = (answer: Lifecycle) =>
      answer.items.map((m) => `${m.modelId}@${m.region}=${m.next.at}`);
    const soon = await api<Lifecycle>('/v1/lifecycle?within=90d');
    // The page asks with the API's default window (90d): the list names where it ends.
    await expect(page.locator('#lifecycle').textContent()).resolves.toContain(
      soon.items.length === 0
        ? `No lifecycle event before ${soon.until.slice(0, 10)}.`
        : `with a lifecycle event before ${soon.until.slice(0, 10)}, soonest first`,
    );
    await expect(shown(page)).resolves.toEqual(entries(soon));

    // A wider window from the address: the same list as the API's, each with its dates, and
    // the LEGACY marks name them.
    const wide = await page.context().newPage();
    try {
      await wide.goto(`${catalog.url}/?within=3650d`);
      await wide.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      const later = await api<Lifecycle>('/v1/lifecycle?within=3650d');
      expect(later.items.map((m) => m.modelId)).toContain(HAIKU_3_5);
      await expect(shown(wide)).resolves.toEqual(entries(later));
      const haiku = wide.locator(
        `#lifecycle-list li[data-model-id="${HAIKU_3_5}"][data-region="us-west-2"]`,
      );
      await expect(haiku.textContent()).resolves.toMatch(
        /Public extended access on 2027-01-15: .* in us-west-2 · LEGACY, end of life 2028-01-15$/,
      );
      await expect(
        wide
          .locator(`tr[data-model-id="${HAIKU_3_5}"] td[data-region="us-west-2"] .mark-legacy`)
          .getAttribute('title'),
      ).resolves.toContain('end of life 2028-01-15');

      // A window the API refuses: the section shows its code, the rest of the page still loads.
      await wide.goto(`${catalog.url}/?within=soon`);
      await wide.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await expect(wide.locator('#lifecycle [role="alert"]').textContent()).resolves.toContain(
        'INVALID_PARAMETER',
      );
      const models = await api<{ items: ModelSummary[] }>('/v1/models');
      await expect(wide.locator('#matrix-table tr[data-model-id]').count()).resolves.toBe(
        models.items.length,
      );
    } finally {
      await wide.close();
    }
  });

  it('filters matrix rows', async () => {
    await page.fill('#matrix-filter', 'nova pro');
    const visible = await page.locator('#matrix-table tr[data-model-id]:visible').count();
    expect(visible).toBeGreaterThanOrEqual(1);
    await expect(page.locator(`tr[data-model-id="${NOVA_PRO}"]`).isVisible()).resolves.toBe(true);
    await expect(page.locator(`tr[data-model-id="${HAIKU}"]`).isVisible()).resolves.toBe(false);
    await page.fill('#matrix-filter', '');
  });

  it('draws one latency bar per healthy region, fastest first', async () => {
    const regions = await api<{ items: RegionStatus[] }>('/v1/regions');
    const charted = regions.items.filter((r) => r.status === 'ok' && r.controlPlaneMs !== null);
    expect(charted.length).toBeGreaterThan(0);
    const bars = await page.$$eval('#latency-chart li.bar', (items) =>
      items.map((item) => ({
        region: item.getAttribute('data-region'),
        p50: item.querySelector('.p50')?.getBoundingClientRect().width ?? 0,
        p90: item.querySelector('.p90')?.getBoundingClientRect().width ?? 0,
        title: item.getAttribute('title') ?? '',
      })),
    );
    expect(bars.map((b) => b.region)).toEqual(charted.map((r) => r.region));
    for (const [i, bar] of bars.entries()) {
      expect(bar.p50).toBeGreaterThan(0);
      expect(bar.p90).toBeGreaterThanOrEqual(bar.p50);
      // The title shows the API's p90, rounded for people (one decimal below 100 ms).
      const shown = Number(/p90 ([\d.]+) ms/.exec(bar.title)?.[1]);
      const p90 = charted[i]?.controlPlaneMs?.p90 ?? Number.NaN;
      expect(bar.title).toContain(`${charted[i]?.region}: `);
      expect(Math.abs(shown - p90)).toBeLessThanOrEqual(p90 >= 100 ? 0.501 : 0.0501);
    }
  });

  it("charts the chosen model's time to first token per region, p50 and p90, unmeasured ones marked", async () => {
    const answer = await api<ModelRegions>(`/v1/models/${encodeURIComponent(HAIKU)}/regions`);
    // The emulator's default CloudWatch traffic calls Claude 3 Haiku from us-east-1 only.
    const measured = answer.items.filter((r) => r.latency !== null);
    expect(measured.map((r) => r.region)).toEqual(['us-east-1']);

    await page.fill('#resolver-model', HAIKU);
    await page.selectOption('#resolver-region', 'eu-west-1');
    await page.click('#resolver-form button[type="submit"]');
    await page.waitForSelector('#ttft-chart li.bar');
    const rows = await page.$$eval('#ttft-chart li.bar', (items) =>
      items.map((item) => ({
        region: item.getAttribute('data-region'),
        notMeasured: item.classList.contains('not-measured'),
        p50: item.querySelector('.p50')?.getBoundingClientRect().width ?? 0,
        p90: item.querySelector('.p90')?.getBoundingClientRect().width ?? 0,
        value: item.querySelector('.value')?.textContent ?? '',
        title: item.getAttribute('title') ?? '',
      })),
    );
    // Every region offering the model, in the API's order: measured ones first.
    expect(rows.map((r) => r.region)).toEqual(answer.items.map((r) => r.region));
    const [first, ...rest] = rows;
    const latency = measured[0]?.latency;
    expect(first).toMatchObject({ region: 'us-east-1', notMeasured: false });
    expect(first?.p50).toBeGreaterThan(0);
    expect(first?.p90).toBeGreaterThanOrEqual(first?.p50 ?? Infinity);
    const round = (ms = Number.NaN) =>
      String(ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10);
    expect(first?.value).toBe(`${round(latency?.ttftMs.p50)} / ${round(latency?.ttftMs.p90)} ms`);
    expect(first?.title).toContain(`via ${HAIKU} (cloudwatch, ${latency?.window}, `);
    expect(rest.length).toBeGreaterThan(0);
    for (const row of rest) {
      expect(row).toMatchObject({ notMeasured: true, value: 'not measured', p50: 0, p90: 0 });
    }
    await expect(page.locator('#ttft .result-heading').textContent()).resolves.toBe(
      `Time to first token of ${HAIKU} by source region: 1 of ${answer.items.length} measured`,
    );

    // A model without traffic or probes anywhere: every region marked, and a sentence says so.
    await page.fill('#resolver-model', NOVA_PRO);
    await page.selectOption('#resolver-region', 'ap-southeast-1');
    await page.click('#resolver-form button[type="submit"]');
    await expect
      .poll(() => page.locator('#ttft .result-heading').textContent())
      .toContain(NOVA_PRO);
    await expect(page.locator('#ttft-chart').count()).resolves.toBe(0);
    await expect(page.locator('#ttft [role="status"]').textContent()).resolves.toMatch(
      /^Not measured from any of its regions yet \(.*ap-southeast-1.*\): /,
    );
  });

  it('shows scan health per region and the change feed', async () => {
    const health = await api<{ regions: { region: string }[] }>('/v1/health');
    const rows = await page.locator('#health-table tbody tr').count();
    expect(rows).toBe(health.regions.length);
    await expect(
      page.locator('#health-table tr[data-region="us-east-1"]').textContent(),
    ).resolves.toContain('ok');
    const changes = await page.locator('#changes-list li').allTextContents();
    expect(changes.some((c) => c.includes(ADDED_PROFILE) && c.includes('added'))).toBe(true);
    // The price refresh's change, from the same change log.
    await expect(
      page.locator('#changes-list li[data-entity="price"]').allTextContents(),
    ).resolves.toEqual([
      expect.stringContaining(
        `changed price ${SONNET_4_6}#us-east-1#inRegionGeo#standard#runtime#onDemand#standard in us-east-1: output $16.50 → $16.00 /1M tokens`,
      ),
    ]);
  });

  it('answers "which ID do I call" with the API\'s targets, best first, and copies one', async () => {
    const answer = await api<InvokeTargets>(
      `/v1/models/${encodeURIComponent(NOVA_PRO)}/invoke-targets?sourceRegion=ap-southeast-1`,
    );
    const first = answer.items[0]?.targetId;
    expect(first).toBe(`apac.${NOVA_PRO}`);

    await page.fill('#resolver-model', NOVA_PRO);
    await page.selectOption('#resolver-region', 'ap-southeast-1');
    await page.click('#resolver-form button[type="submit"]');
    await page.waitForSelector('#targets li');
    const shown = await page
      .locator('#targets li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-target-id')));
    expect(shown).toEqual(answer.items.map((t) => t.targetId));

    await page.locator('#targets li').first().getByRole('button', { name: /copy/i }).click();
    await expect
      .poll(() => page.locator('#targets li').first().locator('button.copy').textContent())
      .toBe('Copied');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(first);
    await expect(page.locator('#copy-status').textContent()).resolves.toBe(`Copied ${first}`);
  });

  it('shows the standard-tier input / output list price in matrix cells, or why there is none', async () => {
    const shownIn = (modelId: string, region: string) =>
      page
        .locator(`tr[data-model-id="${modelId}"] td[data-region="${region}"] .cell-price`)
        .evaluate((el) => [el.getAttribute('data-price-state'), el.textContent]);
    const firstPrice = async (modelId: string, region: string) =>
      (
        await api<InvokeTargets>(
          `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${region}`,
        )
      ).items[0]?.price;
    // The cell prices what the resolver would call first: Sonnet 4.6's us. profile from
    // us-east-1 bills the regional row (output moved to 16.00 by the new offer version).
    expect(await firstPrice(SONNET_4_6, 'us-east-1')).toMatchObject({
      state: 'published',
      inputPerMTok: 3.3,
      outputPerMTok: 16,
    });
    expect(await shownIn(SONNET_4_6, 'us-east-1')).toEqual(['published', '$3.30 / $16.00']);
    // From Tokyo the jp. profile has no regional row: the cell says so, never the global price.
    expect((await firstPrice(SONNET_4_6, 'ap-northeast-1'))?.state).toBe('notPublished');
    expect(await shownIn(SONNET_4_6, 'ap-northeast-1')).toEqual(['notPublished', 'not published']);
    // Claude 2's 'Claude' rows name two models: unmatched, not priced and not hidden.
    expect(await shownIn('anthropic.claude-v2', 'us-east-1')).toEqual(['unmatched', 'unmatched']);
    await expect(
      page
        .locator(`tr[data-model-id="${SONNET_4_6}"] td[data-region="us-east-1"] button`)
        .getAttribute('aria-label'),
    ).resolves.toContain('list price $3.30 input, $16.00 output per 1M tokens (published)');
  });

  it("shows each target's list price per 1M tokens and its state, never a borrowed one", async () => {
    const answer = await api<InvokeTargets>(
      `/v1/models/${encodeURIComponent(SONNET_4_6)}/invoke-targets?sourceRegion=ap-northeast-1`,
    );
    await page.fill('#resolver-model', SONNET_4_6);
    await page.selectOption('#resolver-region', 'ap-northeast-1');
    await page.click('#resolver-form button[type="submit"]');
    await page.waitForSelector(`#targets li[data-target-id="global.${SONNET_4_6}"] .price`);
    const shown = await page.locator('#targets li').evaluateAll((lis) =>
      lis.map((li) => {
        const price = li.querySelector('.price');
        return [
          li.getAttribute('data-target-id'),
          price?.getAttribute('data-price-state'),
          price?.textContent,
        ];
      }),
    );
    // The jp. geo profile has no regional row in ap-northeast-1: no price, not the global one's.
    expect(shown).toEqual([
      [`jp.${SONNET_4_6}`, 'notPublished', 'list price: notPublished'],
      [`global.${SONNET_4_6}`, 'published', '$3.00 in · $15.00 out /1M tokens published'],
    ]);
    expect(shown.map(([id, state]) => [id, state])).toEqual(
      answer.items.map((t) => [t.targetId, t.price?.state]),
    );
    await expect(
      page
        .locator(`#targets li[data-target-id="global.${SONNET_4_6}"] .price`)
        .getAttribute('title'),
    ).resolves.toContain(`AmazonBedrockFoundationModels ${FM_VERSION}`);
    await mkdir('test-results', { recursive: true });
    await page.locator('#resolver-result').screenshot({ path: 'test-results/explorer-prices.png' });
  });

  it('resolves from a matrix cell and explains a region without targets', async () => {
    await page.locator(`tr[data-model-id="${HAIKU}"] td[data-region="us-east-1"] button`).click();
    await expect
      .poll(() => page.locator('#targets li').first().getAttribute('data-target-id'))
      .toBe(HAIKU);
    // The new application profile ranks right after the bare ID.
    const ids = await page
      .locator('#targets li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-target-id')));
    expect(ids).toContain(ADDED_PROFILE);

    await page.fill('#resolver-model', NOVA_PRO);
    await page.selectOption('#resolver-region', 'sa-east-1');
    await page.click('#resolver-form button[type="submit"]');
    const answer = await api<InvokeTargets>(
      `/v1/models/${encodeURIComponent(NOVA_PRO)}/invoke-targets?sourceRegion=sa-east-1`,
    );
    if (answer.items.length === 0) {
      await expect(page.locator('#resolver-result .hint').textContent()).resolves.toBe(
        answer.hint?.message,
      );
    } else {
      await page.waitForSelector('#targets li');
      await expect(
        page.locator('#targets li').first().getAttribute('data-target-id'),
      ).resolves.toBe(answer.items[0]?.targetId);
    }
  });

  it('"stay in the source geography" drops global targets, as the API\'s scope filter does', async () => {
    const shownIds = () =>
      page
        .locator('#targets li')
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-target-id')));
    const path = `/v1/models/${encodeURIComponent(SONNET_4)}/invoke-targets?sourceRegion=ap-southeast-1`;
    const all = await api<InvokeTargets>(path);
    const inGeo = await api<InvokeTargets>(`${path}&scope=in-region,application,geo`);
    expect(all.items.some((t) => t.scope === 'global')).toBe(true);
    expect(inGeo.items.length).toBeGreaterThan(0);

    await page.fill('#resolver-model', SONNET_4);
    await page.selectOption('#resolver-region', 'ap-southeast-1');
    await page.click('#resolver-form button[type="submit"]');
    await expect.poll(shownIds).toEqual(all.items.map((t) => t.targetId));

    await page.check('#resolver-in-geography');
    await expect.poll(shownIds).toEqual(inGeo.items.map((t) => t.targetId));

    await page.uncheck('#resolver-in-geography');
    await expect.poll(shownIds).toEqual(all.items.map((t) => t.targetId));
  });

  it('fits a 400 px screen: only the matrix and tables scroll sideways, inside their cards', async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 800 } });
    try {
      const narrow = await context.newPage();
      // A provisioned throughput's ARN is the longest ID the resolver shows.
      await narrow.goto(`${catalog.url}/?model=${encodeURIComponent(HAIKU_48K)}&region=us-east-1`);
      await narrow.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await narrow.waitForSelector('#targets li');
      await expectNoSidewaysScroll(narrow);

      await expectReadableLabels(narrow, '#latency-chart');
      await mkdir('test-results', { recursive: true });
      await narrow.screenshot({ path: 'test-results/explorer-400px.png', fullPage: true });

      // The time-to-first-token chart of a measured model, likewise.
      await narrow.goto(`${catalog.url}/?model=${encodeURIComponent(HAIKU)}&region=us-east-1`);
      await narrow.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await narrow.waitForSelector('#ttft-chart li.bar');
      await expectReadableLabels(narrow, '#ttft-chart');

      // Priced targets: their price lines wrap inside the card as well.
      await narrow.goto(`${catalog.url}/?model=${encodeURIComponent(SONNET_4_6)}&region=us-east-1`);
      await narrow.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await narrow.waitForSelector('#targets li .price[data-price-state="published"]');
      await expectNoSidewaysScroll(narrow);
    } finally {
      await context.close();
    }
  });

  /** The page is no wider than the screen, and no card scrolls sideways but its tables. */
  async function expectNoSidewaysScroll(on: Page) {
    const layout = await on.evaluate(() => ({
      documentWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
      cardsOverflowing: Array.from(document.querySelectorAll('main section'))
        .filter((card) => card.scrollWidth > card.clientWidth)
        .map((card) => card.getAttribute('aria-labelledby')),
    }));
    expect(layout.documentWidth).toBeLessThanOrEqual(layout.viewportWidth);
    expect(layout.cardsOverflowing).toEqual([]);
  }

  /** Chart labels: as tall as body text would be at 11 px or more, on screen, none overlapping. */
  async function expectReadableLabels(on: Page, chart: string) {
    const boxes = await on.$$eval(`${chart} .label, ${chart} .value, ${chart} .axis`, (elements) =>
      elements.map((element) => {
        const { left, right, top, bottom, height } = element.getBoundingClientRect();
        return { text: element.textContent ?? '', left, right, top, bottom, height };
      }),
    );
    expect(boxes.length).toBeGreaterThan(3 * 5);
    const tooSmall = boxes.filter((box) => box.height < 11).map((box) => box.text);
    expect(tooSmall).toEqual([]);
    expect(boxes.filter((box) => box.left < 0 || box.right > 400).map((box) => box.text)).toEqual(
      [],
    );
    const overlapping = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter(
          (b) =>
            a.left < b.right - 0.5 &&
            b.left < a.right - 0.5 &&
            a.top < b.bottom - 0.5 &&
            b.top < a.bottom - 0.5,
        )
        .map((b) => `${a.text} × ${b.text}`),
    );
    expect(overlapping).toEqual([]);
  }

  it('saves a full-page screenshot to test-results/explorer.png', async () => {
    // A model with a measured time to first token, so the picture shows its chart.
    await page.fill('#resolver-model', HAIKU);
    await page.selectOption('#resolver-region', 'us-east-1');
    await page.click('#resolver-form button[type="submit"]');
    await page.waitForSelector('#targets li');
    await page.waitForSelector('#ttft-chart li.bar');
    await page.evaluate(() => {
      document.querySelector('.matrix-scroll')?.scrollTo(0, 0);
      window.scrollTo(0, 0);
    });
    await mkdir('test-results', { recursive: true });
    const png = await page.screenshot({ path: 'test-results/explorer.png', fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
  });
});
