import * as z from 'zod/mini';
import { ModelRecord, ProfileRecord, ThroughputRecord } from './records.js';

/**
 * What a successful region scan produced: the content of every record, before the catalog adds
 * its bookkeeping (first/last seen, content hash, TTL). Discovery builds it; the writer applies it.
 */
export const ProfileContent = z.omit(ProfileRecord, {
  recordType: true,
  firstSeenAt: true,
  lastSeenAt: true,
});
export type ProfileContent = z.infer<typeof ProfileContent>;

export const ModelContent = z.omit(ModelRecord, {
  recordType: true,
  firstSeenAt: true,
  lastSeenAt: true,
});
export type ModelContent = z.infer<typeof ModelContent>;

export const ThroughputContent = z.omit(ThroughputRecord, {
  recordType: true,
  firstSeenAt: true,
  lastSeenAt: true,
});
export type ThroughputContent = z.infer<typeof ThroughputContent>;

export interface RegionSnapshot {
  region: string;
  profiles: ProfileContent[];
  models: ModelContent[];
  throughputs: ThroughputContent[];
}
