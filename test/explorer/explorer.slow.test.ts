import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  InvokeTargets,
  ModelSummary,
  Profile,
  RegionStatus,
} from '../../packages/explorer/src/api.js';
import { cellOf, indexProfiles } from '../../packages/explorer/src/cells.js';
import {
  type LocalCatalog,
  loadLocalConfig,
  startLocalCatalog,
} from '../../packages/local/src/index.js';

/**
 * The explorer page end to end: Vite build → local mode (dynalite + emulator + first scan) →
 * Debian's headless Chromium through playwright-core. One browser launch for the whole file.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVA_PRO = 'amazon.nova-pro-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const ADDED_PROFILE = 'zz9explorer1';

describe('explorer page in headless Chromium', () => {
  let catalog: LocalCatalog;
  let browser: Browser;
  let page: Page;
  const api = async <T>(path: string) => (await (await fetch(`${catalog.url}${path}`)).json()) as T;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. The explorer's browser test needs Debian's Chromium: ` +
          'run `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH). ' +
          '`npx playwright install` is not needed and does not work offline.',
      );
    }
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

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
    // A context-length variant is provisioned-only: nothing to call on demand.
    await expect(cell(`${HAIKU}:48k`, 'us-east-1').getAttribute('data-state')).resolves.toBe(
      'not-offered',
    );

    // Every cell agrees with the catalog (API data through the page's own cell rules).
    const profiles: Profile[] = [];
    for (const { region } of regions.items) {
      const list = await api<{ items: Profile[]; nextCursor: string | null }>(
        `/v1/regions/${region}/profiles?limit=100`,
      );
      expect(list.nextCursor).toBeNull();
      profiles.push(...list.items);
    }
    const index = indexProfiles(profiles);
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
    // …and names the scope of the resolver's first target, checked independently for 3 models.
    for (const modelId of [HAIKU, NOVA_PRO, 'anthropic.claude-sonnet-4-20250514-v1:0']) {
      for (const region of columns) {
        const answer = await api<InvokeTargets>(
          `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${region}`,
        );
        const first = answer.items?.[0];
        const want = !first
          ? 'not-offered'
          : first.access && !first.access.usable
            ? 'no-access'
            : first.scope === 'in-region'
              ? 'on-demand'
              : first.scope;
        expect(`${modelId}@${region}=${want}`).toBe(
          `${modelId}@${region}=${await cell(modelId, region).getAttribute('data-state')}`,
        );
      }
    }
    const states = new Set(rendered.map((entry) => entry.split('=')[1]));
    expect([...states].sort()).toEqual(
      expect.arrayContaining(['application', 'geo', 'global', 'not-offered', 'on-demand']),
    );
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
    const charted = regions.items.filter((r) => r.status === 'ok' && r.latencyMs !== null);
    expect(charted.length).toBeGreaterThan(0);
    const bars = await page.$$eval('#latency-chart g.bar', (gs) =>
      gs.map((g) => ({
        region: g.getAttribute('data-region'),
        p50: Number(g.querySelector('rect.p50')?.getAttribute('width')),
        p90: Number(g.querySelector('rect.p90')?.getAttribute('width')),
        title: g.querySelector('title')?.textContent ?? '',
      })),
    );
    expect(bars.map((b) => b.region)).toEqual(charted.map((r) => r.region));
    for (const [i, bar] of bars.entries()) {
      expect(bar.p50).toBeGreaterThan(0);
      expect(bar.p90).toBeGreaterThanOrEqual(bar.p50);
      // The title shows the API's p90, rounded for people (one decimal below 100 ms).
      const shown = Number(/p90 ([\d.]+) ms/.exec(bar.title)?.[1]);
      const p90 = charted[i]?.latencyMs?.p90 ?? Number.NaN;
      expect(bar.title).toContain(`${charted[i]?.region}: `);
      expect(Math.abs(shown - p90)).toBeLessThanOrEqual(p90 >= 100 ? 0.501 : 0.0501);
    }
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

  it('saves a full-page screenshot to test-results/explorer.png', async () => {
    await page.fill('#resolver-model', NOVA_PRO);
    await page.selectOption('#resolver-region', 'ap-southeast-1');
    await page.click('#resolver-form button[type="submit"]');
    await page.waitForSelector('#targets li');
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
