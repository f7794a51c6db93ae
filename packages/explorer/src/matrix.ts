import type { ModelSummary, Profile, Throughput } from './api.js';
import {
  type CatalogIndex,
  type Cell,
  type CellState,
  cellOf,
  describeCell,
  indexCatalog,
  STATE_LABEL,
  throughputForSaleOnly,
} from './cells.js';
import { h } from './dom.js';

const SHORT: Record<CellState, string> = {
  'on-demand': 'OD',
  application: 'App',
  geo: 'Geo',
  global: 'Global',
  provisioned: 'PT',
  'not-offered': '—',
  'no-access': 'No access',
};

export interface MatrixOptions {
  models: readonly ModelSummary[];
  /** Column order. */
  regions: readonly string[];
  profiles: readonly Profile[];
  /** The account's provisioned throughputs in every region. */
  throughputs: readonly Throughput[];
  /** A click on an offered cell: resolve that model from that region. */
  onPick(modelId: string, region: string): void;
}

/** The legend, then a table: one row per model (grouped by provider), one column per region. */
export function renderMatrix(container: HTMLElement, options: MatrixOptions) {
  const catalog = indexCatalog(options.profiles, options.throughputs);
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Cell legend' },
    ...(Object.keys(STATE_LABEL) as CellState[]).flatMap((state) => [
      legendItem(`state-${state}`, SHORT[state], STATE_LABEL[state]),
      state === 'provisioned'
        ? legendItem('state-provisioned unheld', SHORT[state], `${STATE_LABEL[state]}, none held`)
        : null,
    ]),
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
  return h(
    'li',
    {},
    h('span', { class: `cell-tag ${tagClass}`, 'aria-hidden': 'true' }, tag),
    ` ${label}`,
  );
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
    tr.append(td(model, region, cell, options));
  }
  return tr;
}

function td(model: ModelSummary, region: string, cell: Cell, options: MatrixOptions) {
  const label = describeCell(model, region, cell);
  const unheld = throughputForSaleOnly(cell) ? ' unheld' : '';
  const tag = h('span', { class: `cell-tag state-${cell.state}${unheld}` }, SHORT[cell.state]);
  const more =
    cell.options.length > 1 ? h('span', { class: 'more' }, `+${cell.options.length - 1}`) : null;
  const content =
    cell.state === 'not-offered'
      ? h('span', { title: label, 'aria-label': label, role: 'img' }, tag)
      : h(
          'button',
          { type: 'button', class: 'cell-button', title: label, 'aria-label': label },
          tag,
          more,
        );
  if (content instanceof HTMLButtonElement) {
    content.addEventListener('click', () => options.onPick(model.modelId, region));
  }
  return h('td', { 'data-region': region, 'data-state': cell.state }, content);
}
