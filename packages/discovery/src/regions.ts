import { paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm';
import { type AwsPartition, partitionOfRegion, RegionCode } from '@bedrock-profile-catalog/catalog';

/** AWS public parameters: one parameter per region where Bedrock is offered; Value = region code. */
export const BEDROCK_REGIONS_PARAMETER_PATH =
  '/aws/service/global-infrastructure/services/bedrock/regions';

/** Where 'auto' gets its region list from; injectable so tests and local mode need no AWS. */
export type RegionSource = () => Promise<string[]>;

export interface RegionsConfig {
  /** An explicit list, or 'auto' to ask the region source. */
  regions: readonly string[] | 'auto';
}

export interface ResolveRegionsDeps {
  /** Used for 'auto'. Default: `ssmRegionSource()`, the deployment's own partition's list. */
  source?: RegionSource;
}

/**
 * Where each partition's Bedrock region list is read. Partitions are credential-isolated, so a
 * GovCloud or European Sovereign Cloud deployment must ask SSM inside its own partition.
 */
const REGION_LIST_REGION: Partial<Record<AwsPartition, string>> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-eusc': 'eusc-de-east-1',
};

/** Used when the SDK finds no region at all (local mode on a laptop without AWS_REGION). */
const FALLBACK_OWN_REGION = 'us-east-1';

/**
 * The region whose SSM public parameters list Bedrock's regions for a deployment in `ownRegion`:
 * one fixed region per Bedrock partition (the list is the same in each of its regions), else the
 * deployment's own region.
 */
export function regionListRegionFor(ownRegion: string): string {
  const partition = partitionOfRegion(ownRegion);
  return (partition && REGION_LIST_REGION[partition]) ?? ownRegion;
}

export interface SsmRegionSourceOptions {
  /** The SSM client to ask; its region's partition is the one listed. */
  client?: SSMClient;
  /**
   * Without `client`: makes the SSM client for a region (pass the client factory's
   * `ssmClientFor`, so the endpoint follows BEDROCK_ENDPOINT / AWS_ENDPOINT_URL_SSM).
   */
  clientFor?: (region: string) => SSMClient;
  /** Without `client`: the deployment's own region. Default: the SDK's (AWS_REGION, profile). */
  ownRegion?: string;
}

/**
 * Reads the Bedrock region list from the SSM public parameters of the deployment's partition,
 * and keeps only that partition's regions (another partition's could never be scanned with
 * these credentials). Without a client it asks in `regionListRegionFor(own region)`.
 */
export function ssmRegionSource(options: SsmRegionSourceOptions = {}): RegionSource {
  let client = options.client;
  return async () => {
    if (!client) {
      const ownRegion = options.ownRegion ?? (await sdkDefaultRegion());
      const listRegion = regionListRegionFor(ownRegion);
      client = options.clientFor?.(listRegion) ?? new SSMClient({ region: listRegion });
    }
    const partition = partitionOfRegion(await client.config.region());
    const regions: string[] = [];
    // MaxResults is capped at 10 by the API; the paginator follows NextToken.
    for await (const page of paginateGetParametersByPath(
      { client, pageSize: 10 },
      { Path: BEDROCK_REGIONS_PARAMETER_PATH, MaxResults: 10 },
    )) {
      for (const parameter of page.Parameters ?? []) {
        const value = parameter.Value;
        if (typeof value === 'string' && partitionOfRegion(value) === partition) {
          regions.push(value);
        }
      }
    }
    return regions;
  };
}

/** The region the SDK resolves with no config (AWS_REGION, then the profile), or the fallback. */
async function sdkDefaultRegion(): Promise<string> {
  const probe = new SSMClient({});
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_OWN_REGION;
  } finally {
    probe.destroy();
  }
}

const isRegionCode = (value: string) => RegionCode.safeParse(value).success;

/**
 * The regions to scan, distinct and sorted. A configured list must be all valid (it is our own
 * config: a typo should fail loudly); from 'auto', values that are not region codes are skipped,
 * because they come from outside. Either way an empty result is an error, never an empty scan.
 */
export async function resolveRegions(
  config: RegionsConfig,
  deps: ResolveRegionsDeps = {},
): Promise<string[]> {
  let regions: string[];
  if (config.regions === 'auto') {
    const source = deps.source ?? ssmRegionSource();
    regions = (await source()).filter(isRegionCode);
  } else {
    const invalid = config.regions.filter((r) => !isRegionCode(r));
    if (invalid.length > 0) throw new Error(`invalid region code(s): ${invalid.join(', ')}`);
    regions = [...config.regions];
  }
  if (regions.length === 0) throw new Error('no regions to scan');
  return [...new Set(regions)].sort();
}
