/** Emulator data sets used by the benchmarks, described as plain JSON so a child can build them. */
import {
  BEDROCK_COMMERCIAL_REGIONS,
  defaultEmulatorData,
  type EmulatorData,
  type PageSizes,
  withApplicationProfiles,
  withClonedRegions,
} from '@bedrock-profile-catalog/bedrock-emulator';

export interface EmulatorDataSpec {
  /** Total regions: the 15 default ones plus clones of eu-west-1 (default: just the 15). */
  regions?: number;
  applicationProfiles?: { regions: string[]; count: number };
  pageSize?: Partial<PageSizes>;
}

export interface ServicesSpec {
  dynalite?: boolean;
  emulators?: Record<string, EmulatorDataSpec>;
}

export function emulatorDataFor(spec: EmulatorDataSpec): EmulatorData {
  let data = defaultEmulatorData();
  const have = Object.keys(data.regions).length;
  if (spec.regions && spec.regions > have) {
    const extra = BEDROCK_COMMERCIAL_REGIONS.filter((r) => !(r in data.regions)).slice(
      0,
      spec.regions - have,
    );
    data = withClonedRegions(data, { template: 'eu-west-1', regions: extra });
  }
  if (spec.applicationProfiles) data = withApplicationProfiles(data, spec.applicationProfiles);
  return data;
}
