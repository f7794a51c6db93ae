import type {
  LifecycleEntry,
  ModelSummary,
  Profile,
  RegionQuotas,
  Snapshot,
  Throughput,
} from './api.js';
import {
  type CatalogIndex,
  type Cell,
  type CellState,
  cellOf,
  describeCell,
  indexCatalog,
  legacyNote,
  STATE_LABEL,
  throughputForSaleOnly,
  zeroQuotaNote,
} from './cells.js';
import { h } from './dom.js';
import { cellPrice } from './price.js';

const SHORT: Record<CellState, string> = {
  'on-demand': 'OD',
  application: 'App',
  geo: 'Geo',
  global: 'Global',
  provisioned: 'PT',
  'not-offered': '—',
  'no-access': 'No access',
  'zero-quota': 'Quota 0',
};

/** Marks on top of the cell's state: why part of it cannot be relied on. */
const ZERO_QUOTA_MARK = '0';
const LEGACY_MARK = 'L';

export interface MatrixOptions {
  models: readonly ModelSummary[];
  /** Column order. */
  regions: readonly string[];
  profiles: readonly Profile[];
  /** The account's provisioned throughputs in every region. */
  throughputs: readonly Throughput[];
  /** Each region's Service Quotas: a matched quota of 0 blocks its way in. */
  quotas: readonly RegionQuotas[];
  /** What reaches a lifecycle event within the page's window (dates for LEGACY cells). */
  lifecycle: readonly LifecycleEntry[];
  /** Each region's snapshot: the cell shows the list price of the target called first. */
  snapshots: readonly Snapshot[];
  /** A click on an offered cell: resolve that model from that region. */
  onPick(modelId: string, region: string): void;
}

/** The legend, then a table: one row per model (grouped by provider), one column per region. */
export function renderMatrix(container: HTMLElement, options: MatrixOptions) {
  const catalog = indexCatalog(
    options.profiles,
    options.throughputs,
    options.quotas,
    options.lifecycle,
  );
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Cell legend' },
    ...(Object.keys(STATE_LABEL) as CellState[]).flatMap((state) => [
      legendItem(`cell-tag state-${state}`, SHORT[state], STATE_LABEL[state]),
      state === 'provisioned'
        ? legendItem(
            'cell-tag state-provisioned unheld',
            SHORT[state],
            `${STATE_LABEL[state]}, none held`,
          )
        : null,
    ]),
    legendItem('mark mark-zero-quota', ZERO_QUOTA_MARK, 'a way in with a quota of 0 (unusable)'),
    legendItem('mark mark-legacy', LEGACY_MARK, 'LEGACY: being retired in that region'),
  );

  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'model-col' }, 'Model'),
      ...options.regions.map((region) =>
        h('th', { scope: 'col', class: 'region-col' }, h('span', {}, region)),
      ),
    ),
  );
  const body = h('tbody');
  let provider: string | null | undefined;
  for (const model of options.models) {
    if (model.provider !== provider) {
      provider = model.provider;
      body.append(
        h(
          'tr',
          { class: 'provider-row' },
          h('th', { scope: 'rowgroup', colspan: options.regions.length + 1 }, provider ?? 'Other'),
        ),
      );
    }
    body.append(row(model, options, catalog));
  }

  const table = h(
    'table',
    { class: 'matrix', id: 'matrix-table' },
    h(
      'caption',
      { class: 'visually-hidden' },
      'How each model can be called from each region. Select a cell to see the IDs to call.',
    ),
    head,
    body,
  );
  const filter = h('input', {
    type: 'search',
    id: 'matrix-filter',
    placeholder: 'Filter models (e.g. claude, nova, meta)',
    'aria-controls': 'matrix-table',
  });
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const applyFilter = () => {
    const text = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const tr of Array.from(body.querySelectorAll<HTMLTableRowElement>('tr[data-model-id]'))) {
      const match = !text || (tr.dataset.search ?? '').includes(text);
      tr.hidden = !match;
      if (match) shown++;
    }
    for (const tr of Array.from(body.querySelectorAll<HTMLTableRowElement>('tr.provider-row'))) {
      let next = tr.nextElementSibling as HTMLTableRowElement | null;
      let any = false;
      while (next && !next.classList.contains('provider-row')) {
        if (!next.hidden) any = true;
        next = next.nextElementSibling as HTMLTableRowElement | null;
      }
      tr.hidden = !any;
    }
    count.textContent = `${shown} of ${options.models.length} models`;
  };
  filter.addEventListener('input', applyFilter);
  container.replaceChildren(
    h(
      'div',
      { class: 'matrix-tools' },
      h('label', { for: 'matrix-filter' }, 'Filter'),
      filter,
      count,
    ),
    legend,
    h(
      'div',
      { class: 'matrix-scroll', tabindex: 0, 'aria-label': 'Model by region matrix' },
      table,
    ),
  );
  applyFilter();
}

function legendItem(tagClass: string, tag: string, label: string) {
  return h('li', {}, h('span', { class: tagClass, 'aria-hidden': 'true' }, tag), ` ${label}`);
}

function row(model: ModelSummary, options: MatrixOptions, catalog: CatalogIndex) {
  const tr = h('tr', {
    'data-model-id': model.modelId,
    'data-search': `${model.modelId} ${model.name ?? ''} ${model.provider ?? ''}`.toLowerCase(),
  });
  tr.append(
    h(
      'th',
      { scope: 'row', class: 'model-col' },
      h('span', { class: 'model-name' }, model.name ?? model.modelId),
      h('code', { class: 'model-id' }, model.modelId),
    ),
  );
  for (const region of options.regions) {
    const cell = cellOf(model, region, catalog);
    const targets = options.snapshots.find((s) => s.sourceRegion === region)?.models[model.modelId];
    tr.append(td(model, region, cell, options, cell.state === 'not-offered' ? null : targets));
  }
  return tr;
}

function td(
  model: ModelSummary,
  region: string,
  cell: Cell,
  options: MatrixOptions,
  targets: Snapshot['models'][string] | null | undefined,
) {
  const price = targets ? cellPrice(targets) : null;
  const label = price
    ? `${describeCell(model, region, cell)}; ${price.label}`
    : describeCell(model, region, cell);
  const unheld = throughputForSaleOnly(cell) ? ' unheld' : '';
  const tag = h('span', { class: `cell-tag state-${cell.state}${unheld}` }, SHORT[cell.state]);
  const more =
    cell.options.length > 1 ? h('span', { class: 'more' }, `+${cell.options.length - 1}`) : null;
  // The marks' titles say why; the cell's own label repeats it for screen readers.
  const marks = [
    cell.zeroQuotas.length > 0
      ? h(
          'span',
          { class: 'mark mark-zero-quota', title: zeroQuotaNote(model, cell) },
          ZERO_QUOTA_MARK,
        )
      : null,
    cell.legacy
      ? h('span', { class: 'mark mark-legacy', title: legacyNote(region, cell) }, LEGACY_MARK)
      : null,
  ];
  const content =
    cell.state === 'not-offered'
      ? h('span', { title: label, 'aria-label': label, role: 'img' }, tag, ...marks)
      : h(
          'button',
          { type: 'button', class: 'cell-button', title: label, 'aria-label': label },
          tag,
          more,
          ...marks,
          price
            ? h(
                'span',
                { class: 'cell-price', 'data-price-state': price.state, title: price.title },
                price.text,
              )
            : null,
        );
  if (content instanceof HTMLButtonElement) {
    content.addEventListener('click', () => options.onPick(model.modelId, region));
  }
  return h(
    'td',
    {
      'data-region': region,
      'data-state': cell.state,
      'data-zero-quota': cell.zeroQuotas.length > 0,
      'data-legacy': cell.legacy,
    },
    content,
  );
}
