/**
 * Helpers to grow a data set for benchmarks, e.g. 30 regions with 1,000 application profiles in
 * five of them. Both return new objects and stay deterministic, so benchmark runs compare.
 */
import { applicationProfileArn, foundationModelArn } from './arn.js';
import type { EmulatorData, InferenceProfile } from './model.js';

/**
 * Adds regions that copy `template`: same models, same profiles, with every ARN that names the
 * template region rewritten to the new one. Profiles that route to the template then route to the
 * new region, which offers the same models, so the result stays consistent.
 */
export function withClonedRegions(
  data: EmulatorData,
  options: { template: string; regions: readonly string[] },
): EmulatorData {
  const template = data.regions[options.template];
  if (!template) throw new Error(`template region ${options.template} is not in the data set`);
  const result = structuredClone(data);
  const serialised = JSON.stringify(template);
  for (const region of options.regions) {
    if (result.regions[region]) continue;
    result.regions[region] = JSON.parse(
      serialised
        .replaceAll(`arn:aws:bedrock:${options.template}:`, `arn:aws:bedrock:${region}:`)
        .replaceAll(
          `arn:aws:servicequotas:${options.template}:`,
          `arn:aws:servicequotas:${region}:`,
        )
        .replaceAll(`arn:aws:sagemaker:${options.template}:`, `arn:aws:sagemaker:${region}:`),
    );
  }
  return result;
}

/** mulberry32: tiny and seedable, so a data set or a soak run can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Adds `count` application profiles to each region in `regions`, alternating between copies of
 * the region's system profiles and single-region copies of its on-demand models (the two
 * `copyFrom` kinds the real API allows). IDs are 12 lowercase alphanumerics like real ones.
 */
export function withApplicationProfiles(
  data: EmulatorData,
  options: { regions: readonly string[]; count: number; seed?: number },
): EmulatorData {
  const result = structuredClone(data);
  const next = seededRandom(options.seed ?? 20261126);
  const usedIds = new Set<string>();
  const newId = () => {
    for (;;) {
      let id = '';
      for (let i = 0; i < 12; i += 1) id += ID_ALPHABET[Math.floor(next() * ID_ALPHABET.length)];
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  for (const code of options.regions) {
    const region = result.regions[code];
    if (!region) throw new Error(`region ${code} is not in the data set`);
    const systemProfiles = region.inferenceProfiles.filter((p) => p.type === 'SYSTEM_DEFINED');
    const onDemand = region.foundationModels.filter((m) =>
      m.inferenceTypesSupported?.includes('ON_DEMAND'),
    );
    for (let i = 0; i < options.count; i += 1) {
      const id = newId();
      const fromProfile = i % 2 === 0 || onDemand.length === 0;
      const copied = fromProfile
        ? systemProfiles[i % Math.max(1, systemProfiles.length)]
        : undefined;
      const model = fromProfile ? undefined : onDemand[i % onDemand.length];
      const models: InferenceProfile['models'] = copied
        ? structuredClone(copied.models)
        : model
          ? [{ modelArn: foundationModelArn(code, model.modelId) }]
          : [];
      if (models.length === 0) {
        throw new Error(`region ${code} has nothing to copy application profiles from`);
      }
      const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      region.inferenceProfiles.push({
        inferenceProfileName: `bench-${code}-${String(i).padStart(4, '0')}`,
        description: `Benchmark profile ${i} copied from ${copied?.inferenceProfileId ?? model?.modelId}.`,
        createdAt,
        updatedAt: createdAt,
        inferenceProfileArn: applicationProfileArn(code, result.accountId, id),
        models,
        inferenceProfileId: id,
        status: 'ACTIVE',
        type: 'APPLICATION',
      });
    }
  }
  return result;
}
