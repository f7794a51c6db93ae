import type { RegionStatus } from './api.js';
import { h, s } from './dom.js';

const ROW = 26;
const LABEL_WIDTH = 130;
const VALUE_WIDTH = 120;
const WIDTH = 720;

/**
 * Horizontal bars per healthy region with latency samples, fastest first (the /v1/regions
 * order): p90 as the pale full bar, p50 as the dark inner one. Plain SVG with a title per bar
 * and a text fallback for regions without data.
 */
export function renderLatencyChart(container: HTMLElement, regions: readonly RegionStatus[]) {
  const measured = regions.filter(
    (r): r is RegionStatus & { latencyMs: NonNullable<RegionStatus['latencyMs']> } =>
      r.status === 'ok' && r.latencyMs !== null,
  );
  const others = regions.filter((r) => !measured.includes(r as (typeof measured)[number]));
  const max = Math.max(1, ...measured.map((r) => r.latencyMs.p90));
  const scale = niceMax(max);
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = measured.length * ROW + 28;
  const x = (ms: number) => LABEL_WIDTH + (ms / scale) * plot;

  const svg = s(
    'svg',
    {
      class: 'latency-chart',
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-labelledby': 'latency-title latency-desc',
      id: 'latency-chart',
    },
    s('title', { id: 'latency-title' }, 'Control-plane latency by region'),
    s(
      'desc',
      { id: 'latency-desc' },
      measured
        .map((r) => `${r.region}: p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms`)
        .join('; '),
    ),
  );
  // Grid lines at quarters of the scale.
  for (let i = 0; i <= 4; i++) {
    const value = (scale / 4) * i;
    svg.append(
      s('line', { class: 'grid', x1: x(value), x2: x(value), y1: 0, y2: height - 20 }),
      s(
        'text',
        { class: 'axis', x: x(value), y: height - 6, 'text-anchor': 'middle' },
        `${fmt(value)} ms`,
      ),
    );
  }
  measured.forEach((region, index) => {
    const y = index * ROW + 4;
    const { p50, p90, samples } = region.latencyMs;
    svg.append(
      s(
        'g',
        { class: 'bar', 'data-region': region.region },
        s(
          'title',
          {},
          `${region.region}: p50 ${fmt(p50)} ms, p90 ${fmt(p90)} ms (${samples} sample${samples === 1 ? '' : 's'})`,
        ),
        s(
          'text',
          { class: 'label', x: LABEL_WIDTH - 8, y: y + 14, 'text-anchor': 'end' },
          region.region,
        ),
        s('rect', {
          class: 'p90',
          x: LABEL_WIDTH,
          y,
          width: Math.max(1, x(p90) - LABEL_WIDTH),
          height: 18,
          rx: 2,
        }),
        s('rect', {
          class: 'p50',
          x: LABEL_WIDTH,
          y: y + 4,
          width: Math.max(1, x(p50) - LABEL_WIDTH),
          height: 10,
          rx: 2,
        }),
        s('text', { class: 'value', x: x(p90) + 6, y: y + 14 }, `${fmt(p50)} / ${fmt(p90)} ms`),
      ),
    );
  });

  const parts: (Node | null)[] = [
    h(
      'p',
      { class: 'chart-key' },
      h('span', { class: 'key p50', 'aria-hidden': 'true' }),
      ' p50 ',
      h('span', { class: 'key p90', 'aria-hidden': 'true' }),
      ' p90 — milliseconds per Bedrock control-plane call, fastest first',
    ),
    measured.length > 0 ? svg : h('p', {}, 'No region has latency samples yet.'),
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
