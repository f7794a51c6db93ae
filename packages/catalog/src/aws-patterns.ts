/**
 * The shapes of AWS names the catalog accepts, written once: the catalog's `RegionCode`,
 * discovery's ARN parser, local mode and the CDK config all test against these. Plain strings
 * and RegExps (no zod, no SDK), so infra can import them at synth time.
 *
 * Regions: a 2-letter prefix (`us`, `ap`, `cn`, …) or the European Sovereign Cloud's `eusc`,
 * one or two name parts, a number: `us-east-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eusc-de-east-1`. A new 3- or 4-letter prefix is a new partition: add it here.
 */
export const REGION_CODE_SOURCE = String.raw`(?:[a-z]{2}|eusc)(?:-[a-z]+){1,2}-\d{1,2}`;
export const REGION_CODE_PATTERN = new RegExp(`^${REGION_CODE_SOURCE}$`);

/** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-eusc`, … */
export const ARN_PARTITION_SOURCE = 'aws(?:-[a-z]+){0,2}';
export const ARN_PARTITION_PATTERN = new RegExp(`^${ARN_PARTITION_SOURCE}$`);

/**
 * Which partition a region belongs to, by the region's shape, the way the SDK's partition data
 * (`@aws-sdk/core` util-endpoints `partitions.json`, `regionRegex`) decides it; a unit test checks
 * the two agree. Partitions are credential-isolated: one deployment scans one partition.
 */
const PARTITION_REGION_PATTERNS = [
  ['aws', /^(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/],
  ['aws-cn', /^cn-[a-z]+-\d+$/],
  ['aws-eusc', /^eusc-de-[a-z]+-\d+$/],
  ['aws-iso', /^us-iso-[a-z]+-\d+$/],
  ['aws-iso-b', /^us-isob-[a-z]+-\d+$/],
  ['aws-iso-e', /^eu-isoe-[a-z]+-\d+$/],
  ['aws-iso-f', /^us-isof-[a-z]+-\d+$/],
  ['aws-us-gov', /^us-gov-[a-z]+-\d+$/],
] as const;

export type AwsPartition = (typeof PARTITION_REGION_PATTERNS)[number][0];

/** The partition of a region code, or undefined for a shape no partition claims. */
export function partitionOfRegion(region: string): AwsPartition | undefined {
  return PARTITION_REGION_PATTERNS.find(([, pattern]) => pattern.test(region))?.[0];
}
