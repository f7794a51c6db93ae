import { paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm';
import { RegionCode } from '@bedrock-profile-catalog/catalog';

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
  /** Used for 'auto'. Default: the SSM public parameters via a us-east-1 SSM client. */
  source?: RegionSource;
}

/**
 * Reads the Bedrock region list from the SSM public parameters. The global-infrastructure tree
 * is only served from some regions, so the default client is pinned to us-east-1.
 */
export function ssmRegionSource(options: { client?: SSMClient } = {}): RegionSource {
  return async () => {
    const client = options.client ?? new SSMClient({ region: 'us-east-1' });
    const regions: string[] = [];
    // MaxResults is capped at 10 by the API; the paginator follows NextToken.
    for await (const page of paginateGetParametersByPath(
      { client, pageSize: 10 },
      { Path: BEDROCK_REGIONS_PARAMETER_PATH, MaxResults: 10 },
    )) {
      for (const parameter of page.Parameters ?? []) {
        if (typeof parameter.Value === 'string') regions.push(parameter.Value);
      }
    }
    return regions;
  };
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
