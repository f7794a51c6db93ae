import { CATALOG_TABLE } from './table.js';

/**
 * Key builders: the only place that knows how keys are spelled. Readers and the writer use these,
 * and `docs/catalog-schema.md` documents the same layout for direct readers.
 *
 * | record     | PK                    | SK                  | GSI1 (byModel)                          | GSI2 (byRegion)                  |
 * |------------|-----------------------|---------------------|-----------------------------------------|----------------------------------|
 * | profile    | PROFILE#<profileId>   | REGION#<region>     | MODEL#<modelId> / <region>#PROFILE#<id> | REGION#<region> / PROFILE#<id>   |
 * | model      | MODEL#<modelId>       | REGION#<region>     | MODEL#<modelId> / <region>#MODEL        | REGION#<region> / MODEL#<id>     |
 * | throughput | THROUGHPUT#<arn>      | REGION#<region>     | MODEL#<modelId> / <region>#THROUGHPUT#<arn> | REGION#<region> / THROUGHPUT#<arn> |
 * | region     | REGIONS               | REGION#<region>     | —                                       | —                                |
 * | scan       | SCAN#<scanId>         | SCAN                | —                                       | SCANS / <startedAt>#<scanId>     |
 * | change     | CHANGES#<yyyy-mm-dd>  | <at>#<region>#<entity>#<id>#<scanId> | —                      | —                                |
 * | journal    | JOURNAL#<region>      | <scanStartedAt>#<scanId>#<item PK>#<item SK> | —              | —                                |
 * | quota      | QUOTAS#<region>       | QUOTA#<quotaCode>   | MODEL#<modelId> / <region>#QUOTA#<quotaCode> (matched only) | — |
 * | quotaState | QUOTAS#<region>       | STATE               | —                                       | —                                |
 * | probe      | PROBES#<sourceRegion> | TARGET#<targetId>#<tier> | MODEL#<modelId> / <region>#PROBE#<targetId>#<tier> | — |
 * | probeBudget | PROBES               | BUDGET#<yyyy-mm>    | —                                       | —                                |
 * | target     | TARGET#<arn>          | REGION#<region>     | MODEL#<modelKey> / <region>#TARGET#<kind>#<arn> | REGION#<region> / TARGET#<kind>#<arn> |
 *
 * Every GSI1 sort key starts with the source region, so everything the resolver needs for model
 * M in region S (the model record, its profiles, throughputs and quotas) is one key range:
 * `GSI1PK = MODEL#M AND begins_with(GSI1SK, '<S>#')`, one Query in the common case.
 *
 * Quota items sit outside GSI2 `REGION#<r>` on purpose: they are refreshed every few hours on
 * their own, not with each region snapshot, so the snapshot's sweep must never see them.
 */
const { partitionKey: PK, sortKey: SK, indexes } = CATALOG_TABLE;
const GSI1PK = indexes.byModel.partitionKey;
const GSI1SK = indexes.byModel.sortKey;
const GSI2PK = indexes.byRegion.partitionKey;
const GSI2SK = indexes.byRegion.sortKey;

export const KEY_PREFIX = {
  profile: 'PROFILE#',
  model: 'MODEL#',
  throughput: 'THROUGHPUT#',
  region: 'REGION#',
  regions: 'REGIONS',
  scan: 'SCAN#',
  scans: 'SCANS',
  changes: 'CHANGES#',
  journal: 'JOURNAL#',
  quotas: 'QUOTAS#',
  quota: 'QUOTA#',
  target: 'TARGET#',
  probes: 'PROBES#',
} as const;

export type PrimaryKey = { [PK]: string; [SK]: string };

export const regionSortKey = (region: string) => `${KEY_PREFIX.region}${region}`;
export const regionPartitionKey = regionSortKey;
export const modelPartitionKey = (modelId: string) => `${KEY_PREFIX.model}${modelId}`;
export const profilePartitionKey = (profileId: string) => `${KEY_PREFIX.profile}${profileId}`;
export const scanPartitionKey = (scanId: string) => `${KEY_PREFIX.scan}${scanId}`;
export const SCAN_SORT_KEY = 'SCAN';

/** The GSI1 sort key prefix of everything of a model in source region `region`. */
export const modelInRegionSortKeyPrefix = (region: string) => `${region}#`;
/** The GSI1 sort key prefix of a model's profiles in `region`. */
export const modelProfileSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}${KEY_PREFIX.profile}`;
/** The GSI1 sort key prefix of a model's provisioned throughputs in `region`. */
export const modelThroughputSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}${KEY_PREFIX.throughput}`;

export const profileKeys = (p: { profileId: string; region: string; modelId: string }) => ({
  [PK]: profilePartitionKey(p.profileId),
  [SK]: regionSortKey(p.region),
  [GSI1PK]: modelPartitionKey(p.modelId),
  [GSI1SK]: `${modelProfileSortKeyPrefix(p.region)}${p.profileId}`,
  [GSI2PK]: regionPartitionKey(p.region),
  [GSI2SK]: `${KEY_PREFIX.profile}${p.profileId}`,
});

export const modelKeys = (m: { modelId: string; region: string }) => ({
  [PK]: modelPartitionKey(m.modelId),
  [SK]: regionSortKey(m.region),
  [GSI1PK]: modelPartitionKey(m.modelId),
  [GSI1SK]: `${modelInRegionSortKeyPrefix(m.region)}MODEL`,
  [GSI2PK]: regionPartitionKey(m.region),
  [GSI2SK]: `${KEY_PREFIX.model}${m.modelId}`,
});

export const throughputKeys = (t: { arn: string; region: string; modelId: string }) => ({
  [PK]: `${KEY_PREFIX.throughput}${t.arn}`,
  [SK]: regionSortKey(t.region),
  [GSI1PK]: modelPartitionKey(t.modelId),
  [GSI1SK]: `${modelThroughputSortKeyPrefix(t.region)}${t.arn}`,
  [GSI2PK]: regionPartitionKey(t.region),
  [GSI2SK]: `${KEY_PREFIX.throughput}${t.arn}`,
});

/** The GSI1 sort key prefix of the account-owned targets (deployments, routers…) in `region`. */
export const modelTargetSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}${KEY_PREFIX.target}`;
export const targetPartitionKey = (arn: string) => `${KEY_PREFIX.target}${arn}`;

/** Custom model deployments, imported models, prompt routers and Marketplace endpoints. */
export const targetKeys = (t: { arn: string; region: string; kind: string; modelKey: string }) => ({
  [PK]: targetPartitionKey(t.arn),
  [SK]: regionSortKey(t.region),
  [GSI1PK]: modelPartitionKey(t.modelKey),
  [GSI1SK]: `${modelTargetSortKeyPrefix(t.region)}${t.kind}#${t.arn}`,
  [GSI2PK]: regionPartitionKey(t.region),
  [GSI2SK]: `${KEY_PREFIX.target}${t.kind}#${t.arn}`,
});

export const regionKeys = (r: { region: string }) => ({
  [PK]: KEY_PREFIX.regions,
  [SK]: regionSortKey(r.region),
});

export const scanKeys = (s: { scanId: string; startedAt: string }) => ({
  [PK]: scanPartitionKey(s.scanId),
  [SK]: SCAN_SORT_KEY,
  [GSI2PK]: KEY_PREFIX.scans,
  [GSI2SK]: `${s.startedAt}#${s.scanId}`,
});

/** Changes are bucketed by UTC day, so "changes since T" is one Query per day from T to now. */
export const changeDayPartitionKey = (isoTime: string) =>
  `${KEY_PREFIX.changes}${isoTime.slice(0, 10)}`;

/**
 * Derived from what the change describes and the scan that made it, so writing the same change
 * twice (an outbox drained twice) is one record, and two scans' changes never collide.
 */
export const changeKeys = (c: {
  at: string;
  region: string;
  entity: string;
  id: string;
  scanId: string;
}) => ({
  [PK]: changeDayPartitionKey(c.at),
  [SK]: `${c.at}#${c.region}#${c.entity}#${c.id}#${c.scanId}`,
});

/** One region's apply journals: a scan's entries share the prefix `<scanStartedAt>#<scanId>#`. */
export const journalPartitionKey = (region: string) => `${KEY_PREFIX.journal}${region}`;
export const journalSortKeyPrefix = (scan: { scanStartedAt: string; scanId: string }) =>
  `${scan.scanStartedAt}#${scan.scanId}#`;

export const journalKeys = (
  region: string,
  scan: { scanStartedAt: string; scanId: string },
  item: PrimaryKey,
) => ({
  [PK]: journalPartitionKey(region),
  [SK]: `${journalSortKeyPrefix(scan)}${item[PK]}#${item[SK]}`,
});

/** The primary key of any item, for deletes and BatchWrite de-duplication. */
export const primaryKeyOf = (item: Record<string, unknown>): PrimaryKey => ({
  [PK]: String(item[PK]),
  [SK]: String(item[SK]),
});

/** One region's Service Quotas and their refresh state share a partition. */
export const quotaPartitionKey = (region: string) => `${KEY_PREFIX.quotas}${region}`;
export const QUOTA_STATE_SORT_KEY = 'STATE';

/** The GSI1 sort key prefix of model M's quotas in source region S. */
export const modelQuotaSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}${KEY_PREFIX.quota}`;

export const quotaKeys = (q: { region: string; quotaCode: string; modelId: string | null }) => ({
  [PK]: quotaPartitionKey(q.region),
  [SK]: `${KEY_PREFIX.quota}${q.quotaCode}`,
  ...(q.modelId === null
    ? {}
    : {
        [GSI1PK]: modelPartitionKey(q.modelId),
        [GSI1SK]: `${modelQuotaSortKeyPrefix(q.region)}${q.quotaCode}`,
      }),
});

export const quotaStateKeys = (region: string) => ({
  [PK]: quotaPartitionKey(region),
  [SK]: QUOTA_STATE_SORT_KEY,
});

/** Active probes of one source region; the monthly budget sits under `PROBES` alone. */
export const probePartitionKey = (sourceRegion: string) => `${KEY_PREFIX.probes}${sourceRegion}`;
export const probeBudgetKeys = (month: string) => ({
  [PK]: KEY_PREFIX.probes.slice(0, -1),
  [SK]: `BUDGET#${month}`,
});

/** GSI1 files a probe under its model, region first, so invoke-targets' one Query returns it. */
export const probeKeys = (p: {
  sourceRegion: string;
  targetId: string;
  tier: string;
  modelId: string;
}) => ({
  [PK]: probePartitionKey(p.sourceRegion),
  [SK]: `${KEY_PREFIX.target}${p.targetId}#${p.tier}`,
  [GSI1PK]: modelPartitionKey(p.modelId),
  [GSI1SK]: `${modelInRegionSortKeyPrefix(p.sourceRegion)}PROBE#${p.targetId}#${p.tier}`,
});

/**
 * CloudWatch usage (usage-records.ts): `USAGE#<region>` / `USAGE#<ModelId value>`, and the
 * refresh state at `USAGE#<region>` / `STATE`. GSI1 `MODEL#<modelId>` / `<region>#USAGE#<value>`
 * when the model is known, so the model-in-region Query returns it; never on GSI2, so the
 * region snapshot's sweep leaves it alone (it is replaced by the usage refresh on its own).
 */
export const USAGE_PARTITION_PREFIX = 'USAGE#';
export const USAGE_SORT_KEY_PREFIX = 'USAGE#';
export const USAGE_STATE_SORT_KEY = 'STATE';
export const usagePartitionKey = (region: string) => `${USAGE_PARTITION_PREFIX}${region}`;
/** The GSI1 sort key prefix of model M's usage records in source region S. */
export const modelUsageSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}${USAGE_SORT_KEY_PREFIX}`;

export const usageKeys = (u: {
  region: string;
  metricModelId: string;
  target: { modelId: string | null };
}) => ({
  [PK]: usagePartitionKey(u.region),
  [SK]: `${USAGE_SORT_KEY_PREFIX}${u.metricModelId}`,
  ...(u.target.modelId === null
    ? {}
    : {
        [GSI1PK]: modelPartitionKey(u.target.modelId),
        [GSI1SK]: `${modelUsageSortKeyPrefix(u.region)}${u.metricModelId}`,
      }),
});

export const usageStateKeys = (region: string) => ({
  [PK]: usagePartitionKey(region),
  [SK]: USAGE_STATE_SORT_KEY,
});
