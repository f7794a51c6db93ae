import type {
  AccountTargetRecord,
  ChangeRecord,
  ModelRecord,
  ProfileRecord,
  QuotaRecord,
  RegionRecord,
  ScanRecord,
  ThroughputRecord,
} from '@bedrock-profile-catalog/catalog';
import type {
  ChangeView,
  InvokeTargetView,
  LifecycleEntryView,
  ModelAccessView,
  ModelRegionView,
  ProfileView,
  QuotaView,
  RegionStatusView,
  RegionTargetView,
  ScanView,
  ThroughputView,
} from './schemas.js';

/**
 * Response shapes: an allow-list of fields per answer, so internal attributes never leak and the
 * contract stays stable when records gain fields.
 */
export function profileView(p: ProfileRecord): ProfileView {
  return {
    profileId: p.profileId,
    profileArn: p.profileArn,
    name: p.name,
    description: p.description,
    type: p.type,
    status: p.status,
    region: p.region,
    modelId: p.modelId,
    modelIds: p.modelIds,
    modelArns: p.modelArns,
    destinationRegions: p.destinationRegions,
    scope: p.scope,
    geoPrefix: p.geoPrefix,
    routing: p.routing,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: p.lastSeenAt,
  };
}

/** A provisioned throughput without the table's bookkeeping. */
export function throughputView(t: ThroughputRecord): ThroughputView {
  return {
    arn: t.arn,
    name: t.name,
    region: t.region,
    modelId: t.modelId,
    modelArn: t.modelArn,
    foundationModelArn: t.foundationModelArn,
    status: t.status,
    modelUnits: t.modelUnits,
    desiredModelUnits: t.desiredModelUnits,
    commitmentDuration: t.commitmentDuration,
    commitmentExpirationTime: t.commitmentExpirationTime,
    creationTime: t.creationTime,
    lastModifiedTime: t.lastModifiedTime,
    firstSeenAt: t.firstSeenAt,
    lastSeenAt: t.lastSeenAt,
  };
}

export function regionView(r: RegionRecord): RegionStatusView {
  return {
    region: r.region,
    status: r.status,
    controlPlaneMs: r.latency,
    lastScanAt: r.lastAttemptAt,
    lastSuccessAt: r.lastSuccessAt,
    error: r.error,
    counts: r.counts,
    lastScanId: r.lastScanId,
    applying: r.applying && {
      scanId: r.applying.scanId,
      since: r.applying.since,
      counts: r.applying.counts,
    },
    listings: { ...r.listings },
    dataRetention: r.dataRetention && {
      mode: r.dataRetention.mode,
      updatedAt: r.dataRetention.updatedAt,
      checkedAt: r.dataRetention.checkedAt,
    },
  };
}

/**
 * One of the account's own targets (GET /v1/regions/{region}/targets): a throughput with its
 * kind, or an account target record as stored. The reader already parsed it with the record's
 * schema (which drops the table's attributes); the answer's schema is that record's fields.
 */
export function regionTargetView(t: ThroughputRecord | AccountTargetRecord): RegionTargetView {
  if (t.recordType === 'throughput')
    return { kind: 'provisioned-throughput', ...throughputView(t) };
  const { recordType: _recordType, ...fields } = t;
  return fields;
}

export function modelAccessView(m: ModelRecord): ModelAccessView | null {
  return m.access
    ? {
        usable: m.access.usable,
        agreement: m.access.agreement,
        authorization: m.access.authorization,
        entitlement: m.access.entitlement,
        regionAvailability: m.access.regionAvailability,
        checkedAt: m.access.checkedAt,
      }
    : null;
}

/**
 * A region offering the model, with its control-plane figure and, when measured, the time to
 * first token of `fastest`: the target `rank=latency` offers first from there.
 */
export function modelRegionView(
  m: ModelRecord,
  region: RegionRecord | undefined,
  fastest: InvokeTargetView | null,
): ModelRegionView {
  return {
    region: m.region,
    inferenceTypes: m.inferenceTypes,
    controlPlaneMs: region?.latency ?? null,
    latency: fastest?.latency
      ? { targetId: fastest.targetId, scope: fastest.scope, ...fastest.latency }
      : null,
    modelArn: m.modelArn,
    name: m.name,
    provider: m.provider,
    lifecycleStatus: m.lifecycle?.status ?? null,
    access: modelAccessView(m),
  };
}

export function scanView(s: ScanRecord): ScanView {
  return {
    scanId: s.scanId,
    status: s.status,
    trigger: s.trigger,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    durationMs: s.durationMs,
    regions: s.regions.map((r) => ({
      region: r.region,
      status: r.status,
      durationMs: r.durationMs,
      error: r.error,
      counts: r.counts,
    })),
    deadlineAt: s.deadlineAt ?? null,
    error: s.error ?? null,
  };
}

export function changeView(c: ChangeRecord): ChangeView {
  return {
    at: c.at,
    region: c.region,
    kind: c.kind,
    entity: c.entity,
    id: c.id,
    before: c.before,
    after: c.after,
    scanId: c.scanId,
  };
}

/** A model in one region with its next lifecycle event (GET /v1/lifecycle). */
export function lifecycleEntryView(
  m: ModelRecord,
  next: LifecycleEntryView['next'],
): LifecycleEntryView {
  return {
    modelId: m.modelId,
    region: m.region,
    status: m.lifecycle?.status ?? 'ACTIVE',
    next,
    legacyTime: m.lifecycle?.legacyTime ?? null,
    publicExtendedAccessTime: m.lifecycle?.publicExtendedAccessTime ?? null,
    endOfLifeTime: m.lifecycle?.endOfLifeTime ?? null,
  };
}

export function quotaView(q: QuotaRecord): QuotaView {
  return {
    quotaCode: q.quotaCode,
    quotaName: q.quotaName,
    value: q.value,
    defaultValue: q.defaultValue,
    applied: q.applied,
    adjustable: q.adjustable,
    unit: q.unit,
    period: q.period,
    modelId: q.modelId,
    scope: q.scope,
  };
}
