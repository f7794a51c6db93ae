import {
  emptyModelInRegion,
  type ModelInRegion,
  type RegionRecords,
} from '@bedrock-profile-catalog/catalog';
import { DEFAULT_PRICE_STALE_AFTER_MS } from '@bedrock-profile-catalog/catalog/contract';
import { SNAPSHOT_FORMAT_VERSION } from './constants.js';
import { targetPricing } from './pricing.js';
import { resolveModelInRegion } from './resolver.js';
import type { SnapshotView } from './schemas.js';

/**
 * The catalog snapshot of one source region (`GET /v1/snapshot`, docs/catalog-schema.md): every
 * model's invoke targets, resolved by the very resolver invoke-targets uses, from the records
 * `CatalogReader.snapshot` reads. The query service and the runtime middleware's table source
 * both build it here, so the API and the middleware cannot disagree.
 *
 * Each model gets what `CatalogReader.modelInRegion` would read for it: the records filed under
 * its ID on GSI1 (a profile under its `modelId`, a throughput under its `modelId`, an
 * account-owned target under its `modelKey`, quotas, probes and usage under their `modelId`).
 */
export function buildSnapshot(
  records: RegionRecords,
  now: Date,
  priceStaleAfterMs: number = DEFAULT_PRICE_STALE_AFTER_MS,
): SnapshotView {
  const { sourceRegion } = records;
  const byModel = new Map<string, ModelInRegion>();
  const of = (modelId: string) => {
    let entry = byModel.get(modelId);
    if (!entry) {
      entry = emptyModelInRegion();
      byModel.set(modelId, entry);
    }
    return entry;
  };
  for (const model of records.models) of(model.modelId).model = model;
  for (const profile of records.profiles) of(profile.modelId).profiles.push(profile);
  for (const throughput of records.throughputs) of(throughput.modelId).throughputs.push(throughput);
  for (const target of records.targets) of(target.modelKey).targets.push(target);
  // Quotas, probes and usage only add to a model's targets; alone they make no entry.
  for (const quota of records.quotas)
    if (quota.modelId) byModel.get(quota.modelId)?.quotas.push(quota);
  for (const probe of records.probes) byModel.get(probe.modelId)?.probes.push(probe);
  for (const usage of records.usage) {
    if (usage.target.modelId) byModel.get(usage.target.modelId)?.usage.push(usage);
  }
  // Every cell of every region: a global profile with no global row in S looks for a single rate.
  const pricing =
    records.priceSources.length > 0
      ? targetPricing(records.prices, records.priceSources, priceStaleAfterMs)
      : undefined;
  const models: SnapshotView['models'] = {};
  for (const modelId of [...byModel.keys()].sort()) {
    models[modelId] = resolveModelInRegion(
      modelId,
      sourceRegion,
      byModel.get(modelId) as ModelInRegion,
      now,
      undefined,
      pricing,
    );
  }
  return {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    sourceRegion,
    catalogAsOf: records.region?.lastSuccessAt ?? null,
    models,
  };
}
