import type { ModelSummary, Profile } from './api.js';

/** What one model × region cell says: the best way to call the model from that region. */
export type CellState =
  | 'on-demand'
  | 'geo'
  | 'global'
  | 'application'
  | 'not-offered'
  | 'no-access';

export interface Cell {
  state: CellState;
  /** Every way in, best first (the primary one is `state` unless access is denied). */
  options: Exclude<CellState, 'not-offered' | 'no-access'>[];
  /** Profile IDs reaching the model from the region, by scope. */
  profiles: { geo: string[]; global: string[]; application: string[] };
  /** Listed in the region but only for provisioned throughput (or no inference type at all). */
  provisionedOnly: boolean;
  /** Why the account cannot call it, when access was checked and denied. */
  accessReason: string | null;
}

export const STATE_LABEL: Record<CellState, string> = {
  'on-demand': 'On-demand',
  application: 'App profile',
  geo: 'Geo profile',
  global: 'Global profile',
  'not-offered': 'Not offered',
  'no-access': 'No access',
};

/** Profiles of every source region, indexed by region then model ID (ACTIVE ones only). */
export function indexProfiles(profiles: readonly Profile[]): Map<string, Map<string, Profile[]>> {
  const index = new Map<string, Map<string, Profile[]>>();
  for (const profile of profiles) {
    if (profile.status !== 'ACTIVE') continue;
    let byModel = index.get(profile.region);
    if (!byModel) {
      byModel = new Map();
      index.set(profile.region, byModel);
    }
    for (const modelId of profile.modelIds) {
      const list = byModel.get(modelId) ?? [];
      list.push(profile);
      byModel.set(modelId, list);
    }
  }
  return index;
}

/**
 * One cell, ranked like the invoke-target resolver so a cell names the scope of the first target
 * `resolve` returns: the bare model ID (on demand), then the account's application profiles,
 * then a geo profile, then a global one. A model whose access was checked and found unusable is
 * "no access" whatever is offered; nothing offered is "not offered".
 */
export function cellOf(
  model: ModelSummary,
  region: string,
  profilesByRegion: Map<string, Map<string, Profile[]>>,
): Cell {
  const record = model.regions.find((r) => r.region === region);
  const reaching = profilesByRegion.get(region)?.get(model.modelId) ?? [];
  const ids = (scope: string) => reaching.filter((p) => p.scope === scope).map((p) => p.profileId);
  const profiles = { geo: ids('geo'), global: ids('global'), application: ids('application') };
  const options: Cell['options'] = [];
  if (record?.inferenceTypes.includes('ON_DEMAND')) options.push('on-demand');
  if (profiles.application.length > 0) options.push('application');
  if (profiles.geo.length > 0) options.push('geo');
  if (profiles.global.length > 0) options.push('global');
  const provisionedOnly =
    record !== undefined &&
    !record.inferenceTypes.includes('ON_DEMAND') &&
    !record.inferenceTypes.includes('INFERENCE_PROFILE');
  const access = record?.access ?? null;
  if (access && !access.usable) {
    return { state: 'no-access', options, profiles, provisionedOnly, accessReason: reason(access) };
  }
  return {
    state: options[0] ?? 'not-offered',
    options,
    profiles,
    provisionedOnly,
    accessReason: null,
  };
}

function reason(access: NonNullable<ModelSummary['regions'][number]['access']>): string {
  const parts = [
    access.authorization && access.authorization !== 'AUTHORIZED'
      ? `authorization ${access.authorization}`
      : null,
    access.entitlement && access.entitlement !== 'AVAILABLE'
      ? `entitlement ${access.entitlement}`
      : null,
    access.agreement && access.agreement !== 'AVAILABLE' ? `agreement ${access.agreement}` : null,
    access.regionAvailability && access.regionAvailability !== 'AVAILABLE'
      ? `region availability ${access.regionAvailability}`
      : null,
  ].filter((part): part is string => part !== null);
  return parts.join(', ') || 'not usable by this account';
}

/** The cell's accessible description, e.g. "us-east-1: On-demand; also Geo profile (us.…)". */
export function describeCell(model: ModelSummary, region: string, cell: Cell): string {
  const name = model.name ?? model.modelId;
  if (cell.state === 'no-access') {
    return `${name} in ${region}: no access (${cell.accessReason ?? 'denied'})`;
  }
  if (cell.state === 'not-offered') {
    return `${name} in ${region}: not offered${cell.provisionedOnly ? ' (provisioned throughput only)' : ''}`;
  }
  const ways = cell.options.map((option) => {
    const ids =
      option === 'on-demand' ? [model.modelId] : cell.profiles[option as keyof Cell['profiles']];
    return `${STATE_LABEL[option]} (${ids.join(', ')})`;
  });
  return `${name} in ${region}: ${ways.join('; ')}`;
}
