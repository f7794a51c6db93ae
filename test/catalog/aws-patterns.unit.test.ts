import { partition as sdkPartition } from '@aws-sdk/core/client';
import { describe, expect, it } from 'vitest';
import { loadCatalogConfig } from '../../infra/config.js';
import {
  ARN_PARTITION_PATTERN,
  partitionOfRegion,
  REGION_CODE_PATTERN,
} from '../../packages/catalog/src/aws-patterns.js';
import { RegionCode } from '../../packages/catalog/src/records.js';

/** One region of every partition Bedrock runs in (or may), plus the longest commercial names. */
const REAL_REGIONS = [
  'us-east-1',
  'ap-southeast-5',
  'ap-northeast-3',
  'il-central-1',
  'mx-central-1',
  'us-gov-west-1',
  'us-gov-east-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'eu-isoe-west-1',
  'us-isof-south-1',
  'eusc-de-east-1',
];

const JUNK = [
  '',
  'auto',
  'global',
  'US-EAST-1',
  'us_east_1',
  'useast1',
  'us-east',
  'us-east-1a',
  'us-east-123',
  'us--east-1',
  '-us-east-1',
  'us-east-1-',
  ' us-east-1',
  'us-east-1 ',
  'u-east-1',
  'mars-north-1',
  'moon-1',
  'us-1',
  'us-a-b-c-1',
  'us-east-1\n',
];

describe('region codes: one pattern for the catalog, discovery, local mode and infra', () => {
  it.each(REAL_REGIONS)('accepts %s', (region) => {
    expect(REGION_CODE_PATTERN.test(region)).toBe(true);
    expect(RegionCode.safeParse(region).success).toBe(true);
    expect(loadCatalogConfig({ 'catalog:regions': region }).regions).toEqual([region]);
  });

  it.each(JUNK)('rejects %j', (value) => {
    expect(REGION_CODE_PATTERN.test(value)).toBe(false);
    expect(RegionCode.safeParse(value).success).toBe(false);
  });

  it('infra refuses a list that mixes partitions (one stack per partition)', () => {
    expect(() =>
      loadCatalogConfig({ 'catalog:regions': 'us-east-1,us-gov-west-1,eusc-de-east-1' }),
    ).toThrow(
      'catalog:regions mixes partitions (aws, aws-us-gov, aws-eusc): credentials do not cross partitions',
    );
    expect(loadCatalogConfig({ 'catalog:regions': 'us-gov-west-1,us-gov-east-1' }).regions).toEqual(
      ['us-gov-west-1', 'us-gov-east-1'],
    );
  });

  it('infra names the bad region with the same rule', () => {
    expect(() => loadCatalogConfig({ 'catalog:regions': 'eusc-de-east-1,mars-north-1' })).toThrow(
      'invalid region "mars-north-1" in catalog:regions',
    );
  });
});

describe('ARN partitions', () => {
  it.each([
    'aws',
    'aws-cn',
    'aws-us-gov',
    'aws-iso',
    'aws-iso-b',
    'aws-iso-e',
    'aws-iso-f',
    'aws-eusc',
  ])('accepts %s', (partition) => {
    expect(ARN_PARTITION_PATTERN.test(partition)).toBe(true);
  });

  it.each(['', 'AWS', 'aws-', 'awsx', 'aws--cn', 'gcp', 'aws-us-gov-x-y', 'aws_cn'])(
    'rejects %j',
    (partition) => {
      expect(ARN_PARTITION_PATTERN.test(partition)).toBe(false);
    },
  );

  it.each([
    ['catalog:alarmTopicArn', 'arn:aws-eusc:sns:eusc-de-east-1:123456789012:alarms'],
    ['catalog:alarmTopicArn', 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms'],
    ['catalog:kmsKeyArn', 'arn:aws-iso-b:kms:us-isob-east-1:123456789012:key/1234abcd-12ab'],
    ['catalog:kmsKeyArn', 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab'],
  ])('infra accepts %s in any partition: %s', (key, arn) => {
    expect(() => loadCatalogConfig({ [key]: arn })).not.toThrow();
  });

  it.each([
    ['catalog:alarmTopicArn', 'arn:aws:sns:mars-north-1:123456789012:alarms'],
    ['catalog:kmsKeyArn', 'arn:gcp:kms:us-east-1:123456789012:key/1234abcd'],
  ])('infra rejects %s %s', (key, arn) => {
    expect(() => loadCatalogConfig({ [key]: arn })).toThrow(`invalid context value for ${key}`);
  });
});

describe('partitionOfRegion: one rule, the same answer as the SDK partition data', () => {
  it.each(REAL_REGIONS)('%s', (region) => {
    expect(partitionOfRegion(region)).toBe(sdkPartition(region).name);
  });

  it.each([
    ['us-east-1', 'aws'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['cn-north-1', 'aws-cn'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it.each(['mars-north-1', 'eusc-fr-east-1', 'us-east-1a', ''])(
    'claims no partition for %j (the SDK would fall back to aws)',
    (value) => {
      expect(partitionOfRegion(value)).toBeUndefined();
    },
  );
});
