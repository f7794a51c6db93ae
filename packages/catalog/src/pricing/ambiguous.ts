/**
 * Price List rows whose model name joins to several `ListFoundationModels` models of their
 * region (identity.ts: `severalModelsWithName`). The row is one of those models' price, but the
 * catalog never guesses which: each candidate's target of that scope in that region is
 * `unmatched`, citing the row, instead of `notPublished`. Only rows of the cell that prices an
 * invoke target (standard tier, on-demand, runtime, standard context) are kept: a handful per
 * offer, held in the offer's source record, which every invoke-targets answer already reads.
 *
 * A row whose name joins to no model (`noModelWithName`, `regionNotListed`) names no candidate,
 * so it changes no target; it is counted and listed in /v1/prices/sources.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema.js';
import type { ClassifiedRow } from './classify.js';

export const AmbiguousPriceRow = /* @__PURE__ */ lazySchema(() =>
  z.object({
    sku: z.string(),
    usageType: z.string(),
    region: z.string(),
    scope: z.enum(['inRegionGeo', 'global']),
    direction: z.enum(['input', 'output', 'cacheRead', 'cacheWrite']),
    /** The models the row's name matched, sorted: each of them may be the one it prices. */
    candidates: z.array(z.string()),
    reason: z.string(),
  }),
);
export type AmbiguousPriceRow = z.infer<typeof AmbiguousPriceRow>;

/** The offer's several-candidate rows that would price an invoke target's standard cell. */
export function ambiguousRowsOf(rows: readonly ClassifiedRow[]): AmbiguousPriceRow[] {
  const found: AmbiguousPriceRow[] = [];
  for (const row of rows) {
    if (row.status !== 'unmatched' || !row.axes || !row.region) continue;
    if ((row.candidates?.length ?? 0) < 2) continue;
    const { scope, tier, endpoint, mode, context, direction, cacheTtl } = row.axes;
    if (tier !== 'standard' || endpoint !== 'runtime' || mode !== 'onDemand') continue;
    if (context !== 'standard' || (direction === 'cacheWrite' && cacheTtl !== '5m')) continue;
    found.push({
      sku: row.sku,
      usageType: row.usageType,
      region: row.region,
      scope,
      direction,
      candidates: [...(row.candidates ?? [])],
      reason: row.reason,
    });
  }
  return found.sort((a, b) => a.sku.localeCompare(b.sku));
}
