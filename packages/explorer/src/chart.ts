import type { RegionStatus } from './api.js';
import { h } from './dom.js';

/** Grid lines and scale ticks at quarters of the scale. */
const TICKS = 4;

/**
 * Horizontal bars per healthy region with latency samples, fastest first (the /v1/regions
 * order): p90 as the pale full bar, p50 as the dark inner one. HTML rather than a scaled SVG so
 * the labels keep their size on a narrow screen, where each label moves above its bar (a
 * container query in style.css). Bar lengths are percentages of the track.
 */
export function renderLatencyChart(container: HTMLElement, regions: readonly RegionStatus[]) {
  const measured = regions.filter(
    (r): r is RegionStatus & { latencyMs: NonNullable<RegionStatus['latencyMs']> } =>
      r.status === 'ok' && r.latencyMs !== null,
  );
  const others = regions.filter((r) => !measured.includes(r as (typeof measured)[number]));
  const scale = niceMax(Math.max(1, ...measured.map((r) => r.latencyMs.p90)));
  const percent = (ms: number) => `${Math.min(100, (ms / scale) * 100).toFixed(2)}%`;

  const bars = measured.map((region) => {
    const { p50, p90, samples } = region.latencyMs;
    const summary = `${region.region}: p50 ${fmt(p50)} ms, p90 ${fmt(p90)} ms (${samples} sample${samples === 1 ? '' : 's'})`;
    return h(
      'li',
      { class: 'bar', 'data-region': region.region, title: summary },
      h('span', { class: 'visually-hidden' }, summary),
      h('span', { class: 'label', 'aria-hidden': 'true' }, region.region),
      h(
        'span',
        { class: 'track', 'aria-hidden': 'true' },
        h('span', { class: 'p90', style: `width: ${percent(p90)}` }),
        h('span', { class: 'p50', style: `width: ${percent(p50)}` }),
      ),
      h('span', { class: 'value', 'aria-hidden': 'true' }, `${fmt(p50)} / ${fmt(p90)} ms`),
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
  const chart = h(
    'figure',
    { class: 'latency-chart', id: 'latency-chart' },
    h('figcaption', { class: 'visually-hidden' }, 'Control-plane latency by region'),
    h('ol', { class: 'bars' }, ...bars),
    h('div', { class: 'scale', 'aria-hidden': 'true' }, h('span', { class: 'ticks' }, ...ticks)),
  );

  const parts: (Node | null)[] = [
    h(
      'p',
      { class: 'chart-key' },
      h('span', { class: 'key p50', 'aria-hidden': 'true' }),
      ' p50 ',
      h('span', { class: 'key p90', 'aria-hidden': 'true' }),
      ' p90 — milliseconds per Bedrock control-plane call, fastest first',
    ),
    measured.length > 0 ? chart : h('p', {}, 'No region has latency samples yet.'),
    others.length > 0
      ? h(
          'p',
          { class: 'muted' },
          `Not charted: ${others.map((r) => `${r.region} (${r.status === 'ok' ? 'no latency samples yet' : r.status})`).join(', ')}`,
        )
      : null,
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
