import {
  GetParametersByPathCommand,
  paginateGetParametersByPath,
  SSMClient,
} from '@aws-sdk/client-ssm';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { DEFAULT_REGIONS, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { partitionOfRegion } from '@bedrock-profile-catalog/catalog/aws-patterns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from './support.js';

/** SSM's public Bedrock region list on the emulator's port, through the real SSMClient. */
const PATH = '/aws/service/global-infrastructure/services/bedrock/regions';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

const ssm = (region: string) =>
  new SSMClient({
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

async function listedFrom(region: string) {
  const values: string[] = [];
  let pages = 0;
  for await (const page of paginateGetParametersByPath(
    { client: ssm(region) },
    { Path: PATH, MaxResults: 10 },
  )) {
    pages++;
    for (const parameter of page.Parameters ?? []) {
      expect(parameter).toMatchObject({
        Name: `${PATH}/${parameter.Value}`,
        Type: 'String',
        ARN: `arn:${partitionOfRegion(region)}:ssm:${region}::parameter${PATH}/${parameter.Value}`,
      });
      expect(parameter.LastModifiedDate).toBeInstanceOf(Date);
      values.push(parameter.Value ?? '');
    }
  }
  return { values, pages };
}

const hostedIn = (partition: string) =>
  DEFAULT_REGIONS.filter((r) => partitionOfRegion(r) === partition).sort();

describe('the emulator as SSM (GetParametersByPath, Bedrock regions)', () => {
  it('lists the commercial regions it hosts to a commercial caller, in pages of 10', async () => {
    const { values, pages } = await listedFrom('us-east-1');
    expect(values).toEqual(hostedIn('aws'));
    expect(pages).toBe(Math.ceil(values.length / 10));
  });

  it.each([
    ['us-gov-east-1', ['us-gov-east-1', 'us-gov-west-1']],
    ['eusc-de-east-1', ['eusc-de-east-1']],
  ])('lists only its own partition to a caller in %s', async (region, expected) => {
    expect((await listedFrom(region)).values).toEqual(expected);
  });

  it('answers another path with no parameters, and MaxResults over 10 with a ValidationException', async () => {
    const other = await ssm('us-east-1').send(
      new GetParametersByPathCommand({ Path: '/aws/service/ami-amazon-linux-latest' }),
    );
    expect(other.Parameters).toEqual([]);

    const error = await rejectionOf(
      ssm('us-east-1').send(new GetParametersByPathCommand({ Path: PATH, MaxResults: 11 })),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});
