import type {
  LifecycleEntry,
  ModelSummary,
  Profile,
  Quota,
  RegionQuotas,
  Throughput,
} from './api.js';

/** What one model × region cell says: the best way to call the model from that region. */
export type CellState =
  | 'on-demand'
  | 'geo'
  | 'global'
  | 'application'
  | 'provisioned'
  | 'not-offered'
  | 'no-access'
  | 'zero-quota';

export type CellOption = Exclude<CellState, 'not-offered' | 'no-access' | 'zero-quota'>;

export interface Cell {
  state: CellState;
  /**
   * Every way in, best first (the primary one is `state` unless access is denied); ways a zero
   * quota blocks come last, as the resolver ranks unusable targets.
   */
  options: CellOption[];
  /** Profile IDs reaching the model from the region, by scope. */
  profiles: { geo: string[]; global: string[]; application: string[] };
  /** ARNs of the account's InService provisioned throughputs of the model in the region. */
  throughputs: string[];
  /** Why the account cannot call it, when access was checked and denied. */
  accessReason: string | null;
  /** Ways in that refuse every call because this account's token quota for them is 0. */
  zeroQuotas: { option: CellOption; quota: Quota }[];
  /** Bedrock lists the model as LEGACY in the region: it is being retired there. */
  legacy: boolean;
  /** The model's next lifecycle event in the region, when it falls within the page's window. */
  lifecycle: LifecycleEntry | null;
}

export const STATE_LABEL: Record<CellState, string> = {
  'on-demand': 'On-demand',
  application: 'App profile',
  geo: 'Geo profile',
  global: 'Global profile',
  provisioned: 'Provisioned throughput',
  'not-offered': 'Not offered',
  'no-access': 'No access',
  'zero-quota': 'Quota of 0',
};

/** The Service Quotas scope that limits each way in; throughputs and app profiles have none. */
const QUOTA_SCOPE: Partial<Record<CellOption, Quota['scope']>> = {
  'on-demand': 'in-region',
  geo: 'geo',
  global: 'global',
};

/** The catalog the cells read, by source region then model ID. */
export interface CatalogIndex {
  /** ACTIVE profiles only. */
  profiles: Map<string, Map<string, Profile[]>>;
  /** InService throughputs only: Creating, Updating and Failed ones serve no request. */
  throughputs: Map<string, Map<string, Throughput[]>>;
  /** Matched quotas whose value is 0: each refuses every call to its model in its scope. */
  zeroQuotas: Map<string, Map<string, (Quota & { region: string })[]>>;
  /** The next lifecycle event of each model in each region, within the page's window. */
  lifecycle: Map<string, Map<string, LifecycleEntry[]>>;
}

export function indexCatalog(
  profiles: readonly Profile[],
  throughputs: readonly Throughput[],
  quotas: readonly RegionQuotas[] = [],
  lifecycle: readonly LifecycleEntry[] = [],
): CatalogIndex {
  const zero = quotas.flatMap(({ region, items }) =>
    items.filter((q) => q.value === 0 && q.modelId !== null).map((q) => ({ ...q, region })),
  );
  return {
    zeroQuotas: byRegionAndModel(zero, (q) => (q.modelId ? [q.modelId] : [])),
    lifecycle: byRegionAndModel(lifecycle, (entry) => [entry.modelId]),
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
 * (there is something to buy, not nothing); nothing at all is "not offered". A way in whose
 * token quota is 0 refuses every call: it moves behind the usable ones, as the resolver ranks it,
 * and when nothing else is left the cell is "zero-quota".
 */
export function cellOf(model: ModelSummary, region: string, catalog: CatalogIndex): Cell {
  const record = model.regions.find((r) => r.region === region);
  const reaching = catalog.profiles.get(region)?.get(model.modelId) ?? [];
  const ids = (scope: string) => reaching.filter((p) => p.scope === scope).map((p) => p.profileId);
  const profiles = { geo: ids('geo'), global: ids('global'), application: ids('application') };
  const throughputs = (catalog.throughputs.get(region)?.get(model.modelId) ?? []).map((t) => t.arn);
  const ways: CellOption[] = [];
  if (throughputs.length > 0) ways.push('provisioned');
  if (record?.inferenceTypes.includes('ON_DEMAND')) ways.push('on-demand');
  if (profiles.application.length > 0) ways.push('application');
  if (profiles.geo.length > 0) ways.push('geo');
  if (profiles.global.length > 0) ways.push('global');
  const zeroInRegion = catalog.zeroQuotas.get(region)?.get(model.modelId) ?? [];
  const zeroQuotas = ways.flatMap((option) => {
    const quota = zeroInRegion.find((q) => q.scope === QUOTA_SCOPE[option]);
    return quota ? [{ option, quota }] : [];
  });
  const blocked = (option: CellOption) => zeroQuotas.some((z) => z.option === option);
  const options = [...ways.filter((o) => !blocked(o)), ...ways.filter(blocked)];
  const facts = {
    options,
    profiles,
    throughputs,
    zeroQuotas,
    legacy: record?.lifecycleStatus === 'LEGACY',
    lifecycle: catalog.lifecycle.get(region)?.get(model.modelId)?.[0] ?? null,
  };
  const access = record?.access ?? null;
  if (access && !access.usable) {
    return { state: 'no-access', ...facts, accessReason: reason(access) };
  }
  const forSale = record?.inferenceTypes.includes('PROVISIONED') ?? false;
  const usable = options.find((o) => !blocked(o));
  return {
    state: usable ?? (options.length > 0 ? 'zero-quota' : forSale ? 'provisioned' : 'not-offered'),
    ...facts,
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

/** Why each blocked way in is unusable, in the resolver's words (`quota '…' (L-…) is 0`). */
export function zeroQuotaNote(model: ModelSummary, cell: Cell): string {
  return cell.zeroQuotas
    .map(
      ({ option, quota }) =>
        `${wayIn(model, cell, option)} unusable: quota '${quota.quotaName}' (${quota.quotaCode}) is 0`,
    )
    .join('; ');
}

export const LIFECYCLE_EVENT_LABEL: Record<LifecycleEntry['next']['event'], string> = {
  legacy: 'Legacy',
  publicExtendedAccess: 'Public extended access',
  endOfLife: 'End of life',
};

/** Why a LEGACY cell is marked, with the dates when the next event falls within the window. */
export function legacyNote(region: string, cell: Cell): string {
  const entry = cell.lifecycle;
  const notes = [`LEGACY in ${region}: Bedrock is retiring this model here`];
  if (entry) {
    notes.push(`${LIFECYCLE_EVENT_LABEL[entry.next.event]} on ${day(entry.next.at)}`);
    if (entry.endOfLifeTime && entry.next.event !== 'endOfLife') {
      notes.push(`end of life ${day(entry.endOfLifeTime)}`);
    }
  }
  return notes.join('; ');
}

/** The date of an API timestamp (UTC), as the lifecycle dates are announced. */
export const day = (iso: string) => iso.slice(0, 10);

function wayIn(model: ModelSummary, cell: Cell, option: CellOption): string {
  const ids =
    option === 'provisioned'
      ? cell.throughputs
      : option === 'on-demand'
        ? [model.modelId]
        : cell.profiles[option];
  return `${STATE_LABEL[option]} (${ids.join(', ')})`;
}

/** The cell's accessible description, e.g. "us-east-1: On-demand; also Geo profile (us.…)". */
export function describeCell(model: ModelSummary, region: string, cell: Cell): string {
  const name = model.name ?? model.modelId;
  const notes = [
    cell.zeroQuotas.length > 0 ? zeroQuotaNote(model, cell) : null,
    cell.legacy ? legacyNote(region, cell) : null,
  ].filter((note): note is string => note !== null);
  const withNotes = (text: string) => [text, ...notes].join('. ');
  if (cell.state === 'no-access') {
    return withNotes(`${name} in ${region}: no access (${cell.accessReason ?? 'denied'})`);
  }
  if (cell.state === 'not-offered') return withNotes(`${name} in ${region}: not offered`);
  if (throughputForSaleOnly(cell)) {
    return withNotes(
      `${name} in ${region}: provisioned throughput only; the account holds none in service here`,
    );
  }
  const usable = cell.options.filter((o) => !cell.zeroQuotas.some((z) => z.option === o));
  if (usable.length === 0) return withNotes(`${name} in ${region}: no usable way in`);
  return withNotes(`${name} in ${region}: ${usable.map((o) => wayIn(model, cell, o)).join('; ')}`);
}
