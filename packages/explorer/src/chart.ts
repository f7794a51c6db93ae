import type { ModelRegions, RegionStatus } from './api.js';
import { h } from './dom.js';

/** Grid lines and scale ticks at quarters of the scale. */
const TICKS = 4;

/** One row of a chart: a measured region's bar, or a region shown as not measured. */
type Row =
  | { region: string; p50: number; p90: number; summary: string }
  | { region: string; notMeasured: string };

/**
 * Horizontal bars per region, in the order given: p90 as the pale full bar, p50 as the dark
 * inner one; rows without a measure say so in place of the bar. HTML rather than a scaled SVG
 * so the labels keep their size on a narrow screen, where each label moves above its bar (a
 * container query in style.css). Bar lengths are percentages of the track.
 */
function barChart(id: string, caption: string, rows: readonly Row[]): HTMLElement {
  const measured = rows.filter((row) => 'p90' in row);
  const scale = niceMax(Math.max(1, ...measured.map((row) => row.p90)));
  const percent = (ms: number) => `${Math.min(100, (ms / scale) * 100).toFixed(2)}%`;

  const bars = rows.map((row) => {
    const measure =
      'p50' in row
        ? {
            summary: row.summary,
            bars: [
              h('span', { class: 'p90', style: `width: ${percent(row.p90)}` }),
              h('span', { class: 'p50', style: `width: ${percent(row.p50)}` }),
            ],
            value: `${fmt(row.p50)} / ${fmt(row.p90)} ms`,
          }
        : { summary: `${row.region}: ${row.notMeasured}`, bars: [], value: 'not measured' };
    return h(
      'li',
      {
        class: 'p50' in row ? 'bar' : 'bar not-measured',
        'data-region': row.region,
        title: measure.summary,
      },
      h('span', { class: 'visually-hidden' }, measure.summary),
      h('span', { class: 'label', 'aria-hidden': 'true' }, row.region),
      h('span', { class: 'track', 'aria-hidden': 'true' }, ...measure.bars),
      h('span', { class: 'value', 'aria-hidden': 'true' }, measure.value),
    );
  });
  const ticks = Array.from({ length: TICKS + 1 }, (_, i) => {
    const at = (100 / TICKS) * i;
    // Shifted by its own position so the first and last ticks stay inside the track.
    return h(
      'span',
      { class: 'axis', style: `left: ${at}%; transform: translateX(-${at}%)` },
      `${fmt((scale / TICKS) * i)} ms`,
    );
  });
  return h(
    'figure',
    { class: 'latency-chart', id },
    h('figcaption', { class: 'visually-hidden' }, caption),
    h('ol', { class: 'bars' }, ...bars),
    measured.length > 0
      ? h('div', { class: 'scale', 'aria-hidden': 'true' }, h('span', { class: 'ticks' }, ...ticks))
      : null,
  );
}

const key = (text: string) =>
  h(
    'p',
    { class: 'chart-key' },
    h('span', { class: 'key p50', 'aria-hidden': 'true' }),
    ' p50 ',
    h('span', { class: 'key p90', 'aria-hidden': 'true' }),
    ` p90 — ${text}`,
  );

const samplesText = (n: number) => `${n} sample${n === 1 ? '' : 's'}`;

/** The scanner's control-plane latency per healthy region, fastest first (the /v1/regions order). */
export function renderLatencyChart(container: HTMLElement, regions: readonly RegionStatus[]) {
  const rows: Row[] = [];
  const others: string[] = [];
  for (const r of regions) {
    if (r.status === 'ok' && r.controlPlaneMs) {
      const { p50, p90, samples } = r.controlPlaneMs;
      const summary = `${r.region}: p50 ${fmt(p50)} ms, p90 ${fmt(p90)} ms (${samplesText(samples)})`;
      rows.push({ region: r.region, p50, p90, summary });
    } else {
      others.push(`${r.region} (${r.status === 'ok' ? 'no latency samples yet' : r.status})`);
    }
  }
  const parts: (Node | null)[] = [
    key('milliseconds per Bedrock control-plane call, fastest first'),
    rows.length > 0
      ? barChart('latency-chart', 'Control-plane latency by region', rows)
      : h('p', {}, 'No region has latency samples yet.'),
    others.length > 0 ? h('p', { class: 'muted' }, `Not charted: ${others.join(', ')}`) : null,
  ];
  container.replaceChildren(...parts.filter((part): part is Node => part !== null));
}

/**
 * Time to first token of one model per source region (GET /v1/models/{m}/regions, measured
 * regions fastest first): each bar is the fastest measured target from that region; the
 * regions where nothing is measured stay in the list, marked so.
 */
export function renderTtftChart(container: HTMLElement, answer: ModelRegions) {
  const rows: Row[] = answer.items.map(({ region, latency }) => {
    if (!latency) {
      return { region, notMeasured: 'no traffic and no probes from this region' };
    }
    const { p50, p90 } = latency.ttftMs;
    const where = `${latency.source}, ${latency.window}, ${samplesText(latency.samples)}`;
    const summary = `${region}: p50 ${fmt(p50)} ms, p90 ${fmt(p90)} ms via ${latency.targetId} (${where})`;
    return { region, p50, p90, summary };
  });
  const measured = answer.items.filter((r) => r.latency !== null).length;
  const parts: (Node | null)[] = [
    h(
      'p',
      { class: 'result-heading' },
      'Time to first token of ',
      h('code', {}, answer.modelId),
      ` by source region: ${measured} of ${answer.items.length} measured`,
    ),
    key(
      "milliseconds to the first token from each region's fastest measured target (the account's CloudWatch traffic, else probes), fastest first",
    ),
    // Nothing measured anywhere: one sentence says it better than a column of empty rows.
    measured === 0
      ? h(
          'p',
          { class: 'muted', role: 'status' },
          `Not measured from any of its regions yet (${answer.items.map((r) => r.region).join(', ')}): the account has no CloudWatch traffic for it, and no probe targets it.`,
        )
      : barChart('ttft-chart', `Time to first token of ${answer.modelId} by region`, rows),
  ];
  container.replaceChildren(...parts.filter((part): part is Node => part !== null));
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

function fmt(ms: number): string {
  return ms >= 100 ? String(Math.round(ms)) : String(Math.round(ms * 10) / 10);
}
