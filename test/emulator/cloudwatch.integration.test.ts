import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
  type MetricDataResult,
  paginateGetMetricData,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import type { MetricSeries, RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { bedrockSeries } from '@bedrock-profile-catalog/bedrock-emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { emulatorClientConfig, rejectionOf, useEmulator } from './support.js';

let emulator: RunningEmulator;
useEmulator((started) => {
  emulator = started;
});

function cloudWatch(region: string) {
  return new CloudWatchClient(emulatorClientConfig(emulator, region));
}

async function putSeries(region: string, series: MetricSeries | MetricSeries[]) {
  const response = await fetch(`${emulator.url}/__emulator/regions/${region}/metrics`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(series),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const MINUTE = 60_000;
/** Minute-aligned, so period buckets in the assertions line up with CloudWatch's rounding. */
const now = () => Math.floor(Date.now() / MINUTE) * MINUTE;
const minutesAgo = (anchor: number, n: number) => new Date(anchor - n * MINUTE).toISOString();

describe('ListMetrics', () => {
  it('lists the AWS/Bedrock ModelIds with traffic in us-east-1, in every form callers send', async () => {
    const client = cloudWatch('us-east-1');
    const listed = await client.send(
      new ListMetricsCommand({
        Namespace: 'AWS/Bedrock',
        MetricName: 'InvocationLatency',
        Dimensions: [{ Name: 'ModelId' }],
      }),
    );

    const modelIds = listed.Metrics?.map((m) => m.Dimensions?.[0]?.Value).sort();
    expect(modelIds).toEqual([
      'anthropic.claude-3-haiku-20240307-v1:0',
      'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/hq2of259skzs',
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'us.amazon.nova-pro-v1:0+priority',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]);
    expect(listed.Metrics?.[0]).toEqual({
      Namespace: 'AWS/Bedrock',
      MetricName: 'InvocationLatency',
      Dimensions: [{ Name: 'ModelId', Value: expect.any(String) }],
    });
    expect(listed.NextToken).toBeUndefined();
  });

  it('lists TimeToFirstToken only for callers that stream, and nothing in an idle region', async () => {
    const ttft = await cloudWatch('us-east-1').send(
      new ListMetricsCommand({ Namespace: 'AWS/Bedrock', MetricName: 'TimeToFirstToken' }),
    );
    const idle = await cloudWatch('us-west-2').send(
      new ListMetricsCommand({ Namespace: 'AWS/Bedrock' }),
    );

    expect(ttft.Metrics).toHaveLength(4);
    expect(ttft.Metrics?.map((m) => m.Dimensions?.[0]?.Value)).not.toContain(
      'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/hq2of259skzs',
    );
    expect(idle.Metrics).toEqual([]);
  });

  it('pages 500 metrics at a time with NextToken', async () => {
    const at = minutesAgo(now(), 5);
    const series = Array.from({ length: 620 }, (_, i) =>
      bedrockSeries(`custom.model-${i}`, 'Invocations', 'Count', [{ at, value: 1 }]),
    );
    expect(await putSeries('ap-south-1', series)).toEqual({ status: 200, body: { series: 620 } });

    const pages: number[] = [];
    for await (const page of paginateListMetrics(
      { client: cloudWatch('ap-south-1') },
      { Namespace: 'AWS/Bedrock' },
    )) {
      pages.push(page.Metrics?.length ?? 0);
    }

    expect(pages).toEqual([500, 120]);
  });

  it('answers AccessDenied naming cloudwatch:ListMetrics when the fault is armed', async () => {
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListMetrics' });

    const error = await rejectionOf(cloudWatch('us-east-1').send(new ListMetricsCommand({})));

    expect(error.name).toBe('AccessDenied');
    expect(error.message).toContain('cloudwatch:ListMetrics');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });
});

describe('GetMetricData', () => {
  const anchor = now();
  const modelId = 'us.amazon.nova-lite-v1:0';
  // 1..100 ms, shuffled, in the last hour; one outlier two hours back stays out of the window.
  const shuffled = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
  const samples = [
    ...shuffled.map((value, i) => ({ at: minutesAgo(anchor, 1 + (i % 50)), value })),
    { at: minutesAgo(anchor, 120), value: 10_000 },
  ];
  const metric = {
    Namespace: 'AWS/Bedrock',
    MetricName: 'TimeToFirstToken',
    Dimensions: [{ Name: 'ModelId', Value: modelId }],
  };
  const lastHour = { StartTime: new Date(anchor - 60 * MINUTE), EndTime: new Date(anchor) };

  beforeAll(async () => {
    await putSeries(
      'eu-west-1',
      bedrockSeries(modelId, 'TimeToFirstToken', 'Milliseconds', samples),
    );
  });

  async function statsOf(stats: string[], period = 3600): Promise<Record<string, number[]>> {
    const result = await cloudWatch('eu-west-1').send(
      new GetMetricDataCommand({
        ...lastHour,
        MetricDataQueries: stats.map((Stat, i) => ({
          Id: `q${i}`,
          MetricStat: { Metric: metric, Period: period, Stat },
        })),
      }),
    );
    return Object.fromEntries(
      (result.MetricDataResults ?? []).map((r, i) => [stats[i] as string, r.Values ?? []]),
    );
  }

  it('computes percentiles by nearest rank over the raw samples of the period', async () => {
    expect(await statsOf(['p50', 'p90', 'p99', 'p100', 'p0.5'])).toEqual({
      p50: [50],
      p90: [90],
      p99: [99],
      p100: [100],
      'p0.5': [1],
    });
  });

  it('computes Sum, Average, Maximum, Minimum and SampleCount, timestamps as dates', async () => {
    const result = await cloudWatch('eu-west-1').send(
      new GetMetricDataCommand({
        ...lastHour,
        MetricDataQueries: [
          { Id: 'avg', MetricStat: { Metric: metric, Period: 3600, Stat: 'Average' } },
        ],
      }),
    );

    expect(await statsOf(['Sum', 'Maximum', 'Minimum', 'SampleCount'])).toEqual({
      Sum: [5050],
      Maximum: [100],
      Minimum: [1],
      SampleCount: [100],
    });
    expect(result.MetricDataResults?.[0]).toEqual({
      Id: 'avg',
      Label: 'TimeToFirstToken',
      Timestamps: [lastHour.StartTime],
      Values: [50.5],
      StatusCode: 'Complete',
      Messages: [],
    });
  });

  it('returns one datapoint per period with data, newest first unless ScanBy says otherwise', async () => {
    const query = (ScanBy?: 'TimestampAscending') =>
      cloudWatch('eu-west-1').send(
        new GetMetricDataCommand({
          StartTime: new Date(anchor - 3 * MINUTE),
          EndTime: new Date(anchor),
          ...(ScanBy ? { ScanBy } : {}),
          MetricDataQueries: [
            { Id: 'n', MetricStat: { Metric: metric, Period: 60, Stat: 'SampleCount' } },
          ],
        }),
      );

    const descending = (await query()).MetricDataResults?.[0];
    const ascending = (await query('TimestampAscending')).MetricDataResults?.[0];

    expect(descending?.Timestamps).toEqual([1, 2, 3].map((n) => new Date(anchor - n * MINUTE)));
    expect(descending?.Values).toEqual([2, 2, 2]);
    expect(ascending?.Timestamps).toEqual([3, 2, 1].map((n) => new Date(anchor - n * MINUTE)));
  });

  it('pages datapoints with NextToken and the pages add up to the whole answer', async () => {
    const input: GetMetricDataCommandInput = {
      StartTime: new Date(anchor - 180 * MINUTE),
      EndTime: new Date(anchor),
      MaxDatapoints: 7,
      MetricDataQueries: [
        { Id: 'count', MetricStat: { Metric: metric, Period: 60, Stat: 'SampleCount' } },
        { Id: 'max', MetricStat: { Metric: metric, Period: 60, Stat: 'Maximum' } },
      ],
    };
    const merged = new Map<string, number[]>();
    const statuses: string[] = [];
    let pages = 0;
    for await (const page of paginateGetMetricData({ client: cloudWatch('eu-west-1') }, input)) {
      pages++;
      for (const result of page.MetricDataResults ?? ([] as MetricDataResult[])) {
        merged.set(result.Id ?? '', [
          ...(merged.get(result.Id ?? '') ?? []),
          ...(result.Values ?? []),
        ]);
        statuses.push(result.StatusCode ?? '');
      }
    }

    // 51 minutes with data per query (50 in the last hour, one two hours back): 102 datapoints.
    expect(pages).toBe(Math.ceil(102 / 7));
    expect(merged.get('count')?.reduce((a, b) => a + b, 0)).toBe(101);
    expect(merged.get('max')).toHaveLength(51);
    expect(statuses).toContain('PartialData');
    expect(statuses.slice(-2)).toEqual(['Complete', 'Complete']);
  });

  it('answers nothing for a ModelId without data, and for another unit', async () => {
    const result = await cloudWatch('eu-west-1').send(
      new GetMetricDataCommand({
        ...lastHour,
        MetricDataQueries: [
          {
            Id: 'idle',
            MetricStat: {
              Metric: {
                ...metric,
                Dimensions: [{ Name: 'ModelId', Value: 'amazon.titan-tg1-large' }],
              },
              Period: 3600,
              Stat: 'p50',
            },
          },
          { Id: 'unit', MetricStat: { Metric: metric, Period: 3600, Stat: 'p50', Unit: 'Count' } },
        ],
      }),
    );

    expect(result.MetricDataResults?.map((r) => [r.Id, r.Values])).toEqual([
      ['idle', []],
      ['unit', []],
    ]);
  });

  it('takes 500 queries in one request and refuses 501 with ValidationError', async () => {
    const queries = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        Id: `q${i}`,
        MetricStat: { Metric: metric, Period: 3600, Stat: 'Sum' },
      }));
    const client = cloudWatch('eu-west-1');

    const ok = await client.send(
      new GetMetricDataCommand({ ...lastHour, MetricDataQueries: queries(500) }),
    );
    const error = await rejectionOf(
      client.send(new GetMetricDataCommand({ ...lastHour, MetricDataQueries: queries(501) })),
    );

    expect(ok.MetricDataResults).toHaveLength(500);
    expect(error.name).toBe('ValidationException');
    expect((error as { Code?: string }).Code).toBe('ValidationError');
    expect(error.message).toBe(
      'The collection MetricDataQueries must not have a size greater than 500.',
    );
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('refuses a bad query Id, a bad statistic and StartTime after EndTime', async () => {
    const client = cloudWatch('eu-west-1');
    const send = (input: Partial<GetMetricDataCommandInput>) =>
      rejectionOf(
        client.send(
          new GetMetricDataCommand({
            ...lastHour,
            MetricDataQueries: [
              { Id: 'q', MetricStat: { Metric: metric, Period: 60, Stat: 'p50' } },
            ],
            ...input,
          }),
        ),
      );

    const badId = await send({
      MetricDataQueries: [{ Id: 'Q-1', MetricStat: { Metric: metric, Period: 60, Stat: 'p50' } }],
    });
    const badStat = await send({
      MetricDataQueries: [{ Id: 'q', MetricStat: { Metric: metric, Period: 60, Stat: 'median' } }],
    });
    const backwards = await send({ StartTime: lastHour.EndTime, EndTime: lastHour.StartTime });

    expect([badId.name, badStat.name, backwards.name]).toEqual([
      'ValidationException',
      'ValidationException',
      'ValidationException',
    ]);
    expect(backwards.message).toContain('StartTime must be less than');
  });
});

describe('the metrics control route', () => {
  it('refuses a malformed series with 400 and an unknown region with 404', async () => {
    const bad = await putSeries('us-east-1', { namespace: 'AWS/Bedrock' } as MetricSeries);
    const unknown = await putSeries('xx-nowhere-1', []);

    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('metricName');
    expect(unknown.status).toBe(404);
  });
});
