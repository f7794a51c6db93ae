import type * as z from 'zod/mini';
import { InvalidSnapshotError } from './errors.js';
import { contentHash } from './hash.js';
import {
  modelKeys,
  type PrimaryKey,
  primaryKeyOf,
  profileKeys,
  targetKeys,
  throughputKeys,
} from './keys.js';
import {
  listsTargetKind,
  ModelContent,
  ProfileContent,
  type RegionSnapshot,
  TargetContent,
  ThroughputContent,
} from './snapshot.js';
import { CATALOG_KEY_ATTRIBUTES, CATALOG_TABLE } from './table.js';

/** The record types a region snapshot holds: the items GSI2 `REGION#<r>` lists. */
export type RegionItemType = 'profile' | 'model' | 'throughput' | 'target';

/** One snapshot entry, ready to compare with the table and to write. */
export interface DesiredItem {
  recordType: RegionItemType;
  /** The profile ID, model ID, or throughput or target ARN. */
  id: string;
  key: PrimaryKey;
  keys: Record<string, string>;
  content: ProfileContent | ModelContent | ThroughputContent | TargetContent;
  hash: string;
}

export interface Bookkeeping {
  firstSeenAt: string;
  lastSeenAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export const keyString = (key: PrimaryKey) => `${key.PK}\u0000${key.SK}`;

/**
 * What the content hash covers: the content minus values that move on every scan without the
 * record changing (the access check time), so an unchanged rescan writes nothing.
 */
function hashable(recordType: RegionItemType, content: DesiredItem['content']): unknown {
  if (recordType === 'model') {
    const model = content as ModelContent;
    return { ...model, access: model.access && { ...model.access, checkedAt: null } };
  }
  return content;
}

/**
 * A model's identity for "did it change since its access was checked": its content without the
 * access check itself, so a new access answer alone never counts as a model change.
 */
export function modelFingerprint(content: ModelContent): string {
  return contentHash({ ...content, access: null });
}

function desired<S extends z.ZodMiniType>(
  recordType: RegionItemType,
  schema: S,
  raw: unknown,
  region: string,
  toKeys: (content: z.infer<S>) => Record<string, string>,
  idOf: (content: z.infer<S>) => string,
): DesiredItem {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidSnapshotError(`invalid ${recordType} in ${region}: ${parsed.error.message}`);
  }
  const content = parsed.data as DesiredItem['content'] & z.infer<S>;
  if (content.region !== region) {
    throw new InvalidSnapshotError(
      `${recordType} ${idOf(content)} is in ${content.region}, not ${region}`,
    );
  }
  const keys = toKeys(content);
  return {
    recordType,
    id: idOf(content),
    key: primaryKeyOf(keys),
    keys,
    content,
    hash: contentHash(hashable(recordType, content)),
  };
}

/**
 * The snapshot as items, validated against the record schemas (never store what the reader
 * cannot parse) and de-duplicated by key, the last entry winning. A target of a kind whose
 * listing did not succeed is refused: that kind's stored items must stay as they are.
 */
export function desiredItemsOf(snapshot: RegionSnapshot): Map<string, DesiredItem> {
  const { region } = snapshot;
  const targets = (snapshot.targets ?? []).map((t) => {
    const item = desired('target', TargetContent, t, region, targetKeys, (c) => c.arn);
    const { kind } = item.content as TargetContent;
    if (!listsTargetKind(snapshot.listings, kind)) {
      throw new InvalidSnapshotError(`target ${item.id} in ${region}: its ${kind} listing failed`);
    }
    return item;
  });
  const items = [
    ...snapshot.profiles.map((p) =>
      desired('profile', ProfileContent, p, region, profileKeys, (c) => c.profileId),
    ),
    ...snapshot.models.map((m) =>
      desired('model', ModelContent, m, region, modelKeys, (c) => c.modelId),
    ),
    ...snapshot.throughputs.map((t) =>
      desired('throughput', ThroughputContent, t, region, throughputKeys, (c) => c.arn),
    ),
    ...targets,
  ];
  return new Map(items.map((item) => [keyString(item.key), item]));
}

/** The full item as stored: keys, record fields, and the internal attributes. */
export function buildItem(item: DesiredItem, bookkeeping: Bookkeeping): Record<string, unknown> {
  return {
    ...item.keys,
    recordType: item.recordType,
    ...item.content,
    firstSeenAt: bookkeeping.firstSeenAt,
    lastSeenAt: bookkeeping.lastSeenAt,
    [CATALOG_TABLE.contentHashAttribute]: item.hash,
    [CATALOG_TABLE.ttlAttribute]: bookkeeping.expiresAt,
  };
}

const NOT_CONTENT = new Set<string>([
  ...CATALOG_KEY_ATTRIBUTES,
  CATALOG_TABLE.ttlAttribute,
  CATALOG_TABLE.contentHashAttribute,
  'recordType',
  'firstSeenAt',
  'lastSeenAt',
]);

/** The Bedrock-derived content of a stored item (for change records' `before`). */
export function contentOfItem(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !NOT_CONTENT.has(name)));
}
