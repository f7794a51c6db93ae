import type { Change, Health, Lifecycle, RegionStatus } from './api.js';
import { day, LIFECYCLE_EVENT_LABEL } from './cells.js';
import { h, time } from './dom.js';
import { priceChangeText } from './price.js';

/** Per-region scan health: freshness from /v1/health, error and counts from /v1/regions. */
export function renderHealth(
  container: HTMLElement,
  health: Health,
  regions: readonly RegionStatus[],
) {
  const byRegion = new Map(regions.map((r) => [r.region, r]));
  const summary = h(
    'p',
    { class: health.healthy ? 'health-summary ok' : 'health-summary stale', role: 'status' },
    health.healthy
      ? `All ${health.regions.length} regions fresh (scanned within ${Math.round(health.maxAgeSeconds / 60)} min).`
      : `${health.regions.filter((r) => !r.fresh).length} of ${health.regions.length} regions stale or failing.`,
  );
  const table = h(
    'table',
    { class: 'health', id: 'health-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Region', 'Status', 'Last success', 'Fresh', 'Profiles', 'Models', 'Error'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...health.regions.map((r) => {
        const record = byRegion.get(r.region);
        return h(
          'tr',
          { 'data-region': r.region },
          h('th', { scope: 'row' }, r.region),
          h('td', {}, h('span', { class: `status status-${r.status}` }, r.status)),
          h('td', {}, time(r.lastSuccessAt)),
          h('td', {}, r.fresh ? '✓ fresh' : '✗ stale'),
          h('td', { class: 'num' }, record?.counts?.profiles ?? '—'),
          h('td', { class: 'num' }, record?.counts?.models ?? '—'),
          h(
            'td',
            { class: 'error-cell' },
            record?.error ? `${record.error.code}: ${record.error.message}` : '',
          ),
        );
      }),
    ),
  );
  // Seven columns do not fit a phone: the table scrolls inside its card, not the page.
  container.replaceChildren(
    summary,
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Scan health by region' },
      table,
    ),
  );
}

/** The change feed, newest first. */
export function renderChanges(container: HTMLElement, changes: readonly Change[], days: number) {
  if (changes.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, `No changes in the last ${days} days.`));
    return;
  }
  const newest = [...changes].sort((a, b) => b.at.localeCompare(a.at));
  container.replaceChildren(
    h(
      'ol',
      { class: 'changes', id: 'changes-list' },
      ...newest.map((c) => {
        const prices = priceChangeText(c);
        return h(
          'li',
          { 'data-kind': c.kind, 'data-entity': c.entity },
          h('span', { class: `change-kind kind-${c.kind}` }, c.kind),
          ' ',
          c.entity,
          ' ',
          h('code', {}, c.id),
          ' in ',
          h('strong', {}, c.region),
          prices ? `: ${prices}` : null,
          ' · ',
          time(c.at),
        );
      }),
    ),
  );
}

/** What reaches its next lifecycle event within the window (GET /v1/lifecycle), soonest first. */
export function renderLifecycle(container: HTMLElement, answer: Lifecycle) {
  const until = day(answer.until);
  if (answer.items.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, `No lifecycle event before ${until}.`));
    return;
  }
  container.replaceChildren(
    h(
      'p',
      { class: 'muted', id: 'lifecycle-summary' },
      `${answer.items.length} models by region with a lifecycle event before ${until}, soonest first:`,
    ),
    h(
      'ol',
      { class: 'lifecycle', id: 'lifecycle-list' },
      ...answer.items.map((m) =>
        h(
          'li',
          {
            'data-model-id': m.modelId,
            'data-region': m.region,
            'data-at': m.next.at,
            'data-event': m.next.event,
          },
          h(
            'span',
            { class: `lifecycle-event event-${m.next.event}` },
            `${LIFECYCLE_EVENT_LABEL[m.next.event]} on `,
            h('time', { datetime: m.next.at }, day(m.next.at)),
          ),
          ': ',
          h('code', {}, m.modelId),
          ' in ',
          h('strong', {}, m.region),
          ` · ${m.status}`,
          m.endOfLifeTime ? `, end of life ${day(m.endOfLifeTime)}` : null,
        ),
      ),
    ),
  );
}
