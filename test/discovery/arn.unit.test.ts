import { describe, expect, it } from 'vitest';
import { modelIdFromArn, parseArn } from '../../packages/discovery/src/arn.js';

describe('modelIdFromArn', () => {
  it.each([
    [
      'regional foundation model',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'anthropic.claude-3-haiku-20240307-v1:0',
    ],
    [
      'region-less (global) foundation model',
      'arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1',
      'anthropic.claude-opus-4-6-v1',
    ],
    [
      'GovCloud partition',
      'arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'anthropic.claude-3-haiku-20240307-v1:0',
    ],
    [
      'China partition',
      'arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.titan-embed-text-v2:0',
      'amazon.titan-embed-text-v2:0',
    ],
    [
      'context-length variant (two colons)',
      'arn:aws:bedrock:ap-south-1::foundation-model/anthropic.claude-v2:1:200k',
      'anthropic.claude-v2:1:200k',
    ],
    [
      'ID without date or version',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6',
      'anthropic.claude-sonnet-4-6',
    ],
    [
      'ID without any version',
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-tg1-large',
      'amazon.titan-tg1-large',
    ],
    [
      'custom model (slash inside the resource ID)',
      'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/ly16hhi765j4',
      'amazon.titan-text-express-v1:0:8k/ly16hhi765j4',
    ],
    [
      'provisioned model',
      'arn:aws:bedrock:us-west-2:123456789012:provisioned-model/a1b2c3d4e5f6',
      'a1b2c3d4e5f6',
    ],
  ])('%s', (_label, arn, expected) => {
    expect(modelIdFromArn(arn)).toBe(expected);
  });

  it.each([
    ['not an ARN', 'anthropic.claude-3-haiku-20240307-v1:0'],
    ['empty string', ''],
    ['another service', 'arn:aws:s3:::bucket/key'],
    [
      'inference profile (not a model)',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0',
    ],
    ['no resource ID', 'arn:aws:bedrock:us-east-1::foundation-model/'],
    ['no resource type separator', 'arn:aws:bedrock:us-east-1::foundation-model'],
    ['bad partition', 'arn:gcp:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0'],
    ['bad region', 'arn:aws:bedrock:US_EAST::foundation-model/amazon.nova-pro-v1:0'],
    ['too few fields', 'arn:aws:bedrock:us-east-1'],
  ])('rejects %s', (_label, arn) => {
    expect(modelIdFromArn(arn)).toBeUndefined();
  });
});

describe('parseArn', () => {
  it('splits partition, region, account and a resource that contains colons', () => {
    expect(
      parseArn('arn:aws-us-gov:bedrock:us-gov-east-1:123456789012:inference-profile/us-gov.x:0'),
    ).toEqual({
      partition: 'aws-us-gov',
      service: 'bedrock',
      region: 'us-gov-east-1',
      account: '123456789012',
      resourceType: 'inference-profile',
      resourceId: 'us-gov.x:0',
    });
  });

  it('keeps an empty region for region-less ARNs', () => {
    expect(parseArn('arn:aws:bedrock:::foundation-model/m')?.region).toBe('');
  });

  it('returns undefined for non-strings', () => {
    expect(parseArn(42 as unknown as string)).toBeUndefined();
  });
});

describe('parseArn in every partition', () => {
  it.each([
    ['aws', 'us-east-1'],
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws-cn', 'cn-northwest-1'],
    ['aws-iso', 'us-iso-east-1'],
    ['aws-iso-b', 'us-isob-east-1'],
    ['aws-iso-e', 'eu-isoe-west-1'],
    ['aws-iso-f', 'us-isof-south-1'],
    ['aws-eusc', 'eusc-de-east-1'],
  ])('%s (%s)', (partition, region) => {
    const arn = `arn:${partition}:bedrock:${region}::foundation-model/amazon.nova-pro-v1:0`;
    expect(parseArn(arn)).toMatchObject({ partition, region, resourceId: 'amazon.nova-pro-v1:0' });
  });

  it.each(['AWS', 'aws-', 'aws--cn'])('rejects partition %j', (partition) => {
    expect(parseArn(`arn:${partition}:bedrock:us-east-1::foundation-model/x`)).toBeUndefined();
  });
});
