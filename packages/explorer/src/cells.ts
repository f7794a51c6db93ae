import type { ModelSummary, Profile, Throughput } from './api.js';

/** What one model × region cell says: the best way to call the model from that region. */
export type CellState =
  | 'on-demand'
  | 'geo'
  | 'global'
  | 'application'
  | 'provisioned'
  | 'not-offered'
  | 'no-access';

export interface Cell {
  state: CellState;
  /** Every way in, best first (the primary one is `state` unless access is denied). */
  options: Exclude<CellState, 'not-offered' | 'no-access'>[];
  /** Profile IDs reaching the model from the region, by scope. */
  profiles: { geo: string[]; global: string[]; application: string[] };
  /** ARNs of the account's InService provisioned throughputs of the model in the region. */
  throughputs: string[];
  /** Why the account cannot call it, when access was checked and denied. */
  accessReason: string | null;
}

export const STATE_LABEL: Record<CellState, string> = {
  'on-demand': 'On-demand',
  application: 'App profile',
  geo: 'Geo profile',
  global: 'Global profile',
  provisioned: 'Provisioned throughput',
  'not-offered': 'Not offered',
  'no-access': 'No access',
};

/** The catalog the cells read, by source region then model ID. */
export interface CatalogIndex {
  /** ACTIVE profiles only. */
  profiles: Map<string, Map<string, Profile[]>>;
  /** InService throughputs only: Creating, Updating and Failed ones serve no request. */
  throughputs: Map<string, Map<string, Throughput[]>>;
}

export function indexCatalog(
  profiles: readonly Profile[],
  throughputs: readonly Throughput[],
): CatalogIndex {
  return {
    profiles: byRegionAndModel(
      profiles.filter((p) => p.status === 'ACTIVE'),
      (p) => p.modelIds,
    ),
    throughputs: byRegionAndModel(
      throughputs.filter((t) => t.status === 'InService'),
      (t) => [t.modelId],
    ),
  };
}

function byRegionAndModel<T extends { region: string }>(
  items: readonly T[],
  modelIdsOf: (item: T) => readonly string[],
): Map<string, Map<string, T[]>> {
  const index = new Map<string, Map<string, T[]>>();
  for (const item of items) {
    let byModel = index.get(item.region);
    if (!byModel) {
      byModel = new Map();
      index.set(item.region, byModel);
    }
    for (const modelId of modelIdsOf(item)) {
      const list = byModel.get(modelId) ?? [];
      list.push(item);
      byModel.set(modelId, list);
    }
  }
  return index;
}

/**
 * One cell, ranked like the invoke-target resolver so a cell names the kind of the first target
 * `resolve` returns: the account's provisioned throughputs, the bare model ID (on demand), then
 * the account's application profiles, then a geo profile, then a global one. A model whose
 * access was checked and found unusable is "no access" whatever is offered. A model the region
 * lists for provisioned throughput only is "provisioned" even when the account holds none
 * (there is something to buy, not nothing); nothing at all is "not offered".
 */
export function cellOf(model: ModelSummary, region: string, catalog: CatalogIndex): Cell {
  const record = model.regions.find((r) => r.region === region);
  const reaching = catalog.profiles.get(region)?.get(model.modelId) ?? [];
  const ids = (scope: string) => reaching.filter((p) => p.scope === scope).map((p) => p.profileId);
  const profiles = { geo: ids('geo'), global: ids('global'), application: ids('application') };
  const throughputs = (catalog.throughputs.get(region)?.get(model.modelId) ?? []).map((t) => t.arn);
  const options: Cell['options'] = [];
  if (throughputs.length > 0) options.push('provisioned');
  if (record?.inferenceTypes.includes('ON_DEMAND')) options.push('on-demand');
  if (profiles.application.length > 0) options.push('application');
  if (profiles.geo.length > 0) options.push('geo');
  if (profiles.global.length > 0) options.push('global');
  const access = record?.access ?? null;
  if (access && !access.usable) {
    return { state: 'no-access', options, profiles, throughputs, accessReason: reason(access) };
  }
  const forSale = record?.inferenceTypes.includes('PROVISIONED') ?? false;
  return {
    state: options[0] ?? (forSale ? 'provisioned' : 'not-offered'),
    options,
    profiles,
    throughputs,
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

/** Sold for provisioned throughput in the region, but the account holds none in service. */
export function throughputForSaleOnly(cell: Cell): boolean {
  return cell.state === 'provisioned' && cell.options.length === 0;
}

/** The cell's accessible description, e.g. "us-east-1: On-demand; also Geo profile (us.…)". */
export function describeCell(model: ModelSummary, region: string, cell: Cell): string {
  const name = model.name ?? model.modelId;
  if (cell.state === 'no-access') {
    return `${name} in ${region}: no access (${cell.accessReason ?? 'denied'})`;
  }
  if (cell.state === 'not-offered') return `${name} in ${region}: not offered`;
  if (throughputForSaleOnly(cell)) {
    return `${name} in ${region}: provisioned throughput only; the account holds none in service here`;
  }
  const ways = cell.options.map((option) => {
    const ids =
      option === 'provisioned'
        ? cell.throughputs
        : option === 'on-demand'
          ? [model.modelId]
          : cell.profiles[option];
    return `${STATE_LABEL[option]} (${ids.join(', ')})`;
  });
  return `${name} in ${region}: ${ways.join('; ')}`;
}
