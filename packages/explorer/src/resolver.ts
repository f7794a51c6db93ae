import { ApiError, api, type InvokeTarget, type ModelSummary } from './api.js';
import { day } from './cells.js';
import { renderTtftChart } from './chart.js';
import { byId, h } from './dom.js';
import { priceSummary } from './price.js';

const SCOPE_LABEL: Record<string, string> = {
  'in-region': 'On-demand (bare model ID)',
  application: 'Application profile',
  geo: 'Geo profile',
  global: 'Global profile',
};

/** Every scope but global: a global profile may serve the request in any commercial region. */
const IN_GEOGRAPHY_SCOPES = ['in-region', 'application', 'geo'];

export interface Resolver {
  /** Fill the form and resolve, e.g. from a matrix cell. */
  resolve(modelId: string, region: string): Promise<void>;
}

/**
 * "Which ID do I call from region S for model X?": a model field (with suggestions from the
 * catalog), a region select and the ranked invoke targets, each with a copy button.
 */
export function setupResolver(
  models: readonly ModelSummary[],
  regions: readonly string[],
): Resolver {
  const form = byId<HTMLFormElement>('resolver-form');
  const modelInput = byId<HTMLInputElement>('resolver-model');
  const regionSelect = byId<HTMLSelectElement>('resolver-region');
  const inGeography = byId<HTMLInputElement>('resolver-in-geography');
  const output = byId('resolver-result');
  const ttft = byId('ttft');
  const status = byId('copy-status');

  byId('model-options').replaceChildren(
    ...models.map((m) => h('option', { value: m.modelId }, m.name ?? m.modelId)),
  );
  const previous = regionSelect.value;
  regionSelect.replaceChildren(
    h('option', { value: '' }, 'Choose a source region'),
    ...[...regions].sort().map((r) => h('option', { value: r }, r)),
  );
  if (previous && regions.includes(previous)) regionSelect.value = previous;

  const run = async () => {
    const modelId = modelInput.value.trim();
    const region = regionSelect.value;
    if (!modelId || !region) {
      output.replaceChildren(h('p', { class: 'muted' }, 'Choose a model and a source region.'));
      return;
    }
    output.setAttribute('aria-busy', 'true');
    const chart = showTtft(ttft, modelId);
    try {
      const answer = await api.invokeTargets(
        modelId,
        region,
        inGeography.checked ? IN_GEOGRAPHY_SCOPES : undefined,
      );
      output.replaceChildren(
        h(
          'p',
          { class: 'result-heading' },
          'From ',
          h('strong', {}, region),
          ', call ',
          h('code', {}, modelId),
          ' with:',
        ),
        answer.items.length > 0
          ? h(
              'ol',
              { class: 'targets', id: 'targets' },
              ...answer.items.map((t) => target(t, status)),
            )
          : h('p', { class: 'hint', role: 'status' }, answer.hint?.message ?? 'No target.'),
      );
    } catch (error) {
      output.replaceChildren(
        h(
          'p',
          { class: 'error', role: 'alert' },
          error instanceof ApiError ? `${error.code}: ${error.message}` : String(error),
        ),
      );
    } finally {
      output.removeAttribute('aria-busy');
    }
    await chart;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  for (const control of [regionSelect, inGeography]) {
    control.addEventListener('change', () => {
      if (modelInput.value.trim() && regionSelect.value) void run();
    });
  }
  return {
    async resolve(modelId, region) {
      modelInput.value = modelId;
      regionSelect.value = region;
      form.scrollIntoView({ block: 'start' });
      await run();
    },
  };
}

/** The chosen model's time to first token per source region; its own error, if any. */
async function showTtft(container: HTMLElement, modelId: string) {
  container.setAttribute('aria-busy', 'true');
  try {
    renderTtftChart(container, await api.modelRegions(modelId));
  } catch (error) {
    container.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        error instanceof ApiError
          ? `No time to first token per region: ${error.code}: ${error.message}`
          : `No time to first token per region: ${String(error)}`,
      ),
    );
  } finally {
    container.removeAttribute('aria-busy');
  }
}

function target(t: InvokeTarget, status: HTMLElement) {
  const copy = h(
    'button',
    { type: 'button', class: 'copy', 'aria-label': `Copy ${t.targetId}` },
    'Copy',
  );
  copy.addEventListener('click', async () => {
    const ok = await copyText(t.targetId);
    copy.textContent = ok ? 'Copied' : 'Copy failed';
    status.textContent = ok
      ? `Copied ${t.targetId}`
      : 'Copy failed: select the ID and copy it by hand';
    setTimeout(() => {
      copy.textContent = 'Copy';
    }, 2000);
  });
  const noAccess = t.access && !t.access.usable;
  return h(
    'li',
    { class: noAccess ? 'target no-access' : 'target', 'data-target-id': t.targetId },
    h('code', { class: 'target-id' }, t.targetId),
    copy,
    h(
      'div',
      { class: 'target-meta' },
      h(
        'span',
        { class: `scope scope-${t.scope}` },
        t.kind === 'provisioned-throughput'
          ? `Provisioned throughput${t.name ? ` (${t.name})` : ''}`
          : (SCOPE_LABEL[t.scope] ?? t.scope),
      ),
      t.destinationRegions.length > 0 ? ` → ${t.destinationRegions.join(', ')}` : null,
      t.quota ? h('span', { class: 'quota' }, quotaText(t.quota)) : null,
      priceTag(t.price),
      t.lifecycle && t.lifecycle.status !== 'ACTIVE'
        ? h(
            'span',
            { class: 'lifecycle-status' },
            t.lifecycle.endOfLifeTime
              ? `${t.lifecycle.status}, end of life ${day(t.lifecycle.endOfLifeTime)}`
              : t.lifecycle.status,
          )
        : null,
      noAccess
        ? h(
            'span',
            { class: 'cell-tag state-no-access' },
            `No access: ${t.access?.reason ?? 'denied'}`,
          )
        : null,
    ),
  );
}

/** The standard-tier list price on the target's line: USD per 1M tokens and the API's state. */
function priceTag(price: InvokeTarget['price']) {
  const summary = priceSummary(price);
  if (!summary) return null;
  return h(
    'span',
    { class: 'price', 'data-price-state': summary.state, title: summary.title },
    summary.text,
    ' ',
    h('span', { class: `price-state price-${summary.state}` }, summary.state),
  );
}

const tokens = (value: number) => value.toLocaleString('en-US');

/** "2,000,000 tokens/min, 1,440,000,000/day", "(applied)" where the account's value is not AWS's default. */
function quotaText(quota: NonNullable<InvokeTarget['quota']>): string {
  const rates = [
    quota.tokensPerMinute === null ? null : `${tokens(quota.tokensPerMinute)} tokens/min`,
    quota.tokensPerDay === null ? null : `${tokens(quota.tokensPerDay)} tokens/day`,
  ].filter((rate): rate is string => rate !== null);
  return `${rates.join(', ')}${quota.applied ? ' (applied)' : ''}`;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Insecure origins (a LAN address over http) have no clipboard API: the old way still works.
    const area = h('textarea', { class: 'visually-hidden', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
