/**
 * Commercial regions where the SDK metadata knows a Bedrock endpoint (botocore endpoints.json,
 * 2026-08). Benchmarks draw from this list when they need more regions than the default data has.
 */
export const BEDROCK_COMMERCIAL_REGIONS = [
  'af-south-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

/**
 * AWS GovCloud (US), partition `aws-us-gov`: Bedrock in both regions, `us-gov.` profiles route
 * between them (bedrock-surface.md G11; aws-cdk's `US_GOV` geo).
 */
export const BEDROCK_GOVCLOUD_REGIONS = ['us-gov-east-1', 'us-gov-west-1'] as const;

/**
 * AWS European Sovereign Cloud, partition `aws-eusc` (endpoints.json lists bedrock in
 * eusc-de-east-1, host `bedrock.eusc-de-east-1.amazonaws.eu`).
 */
export const BEDROCK_EUSC_REGIONS = ['eusc-de-east-1'] as const;

/** Every region with a Bedrock endpoint in the SDK metadata, across partitions (none in China). */
export const BEDROCK_REGIONS = [
  ...BEDROCK_COMMERCIAL_REGIONS,
  ...BEDROCK_GOVCLOUD_REGIONS,
  ...BEDROCK_EUSC_REGIONS,
] as const;
