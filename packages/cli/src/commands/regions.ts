import type { ModelRegionsAnswer, RegionsAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson } from '../command.js';
import { age, ms, table } from '../format.js';

export const regions = defineCommand({
  name: 'regions',
  summary: 'regions with scan status and control-plane latency, fastest first',
  options: {
    model: {
      type: 'string',
      value: 'MODEL',
      help: 'the regions offering MODEL instead, with its measured time to first token from each (measured first, fastest p50 first)',
    },
  },
  async run({ values, transport, io, now }) {
    if (values.model !== undefined) {
      const answer = await call<ModelRegionsAnswer>(transport, {
        method: 'GET',
        path: `/v1/models/${encodeURIComponent(values.model)}/regions`,
      });
      if (values.json) return printJson(io, answer);
      io.stdout(
        table(
          [
            'REGION',
            'TTFT P50',
            'TTFT P90',
            'SOURCE',
            'SAMPLES',
            'TARGET',
            'INFERENCE TYPES',
            'CONTROL P50 MS',
          ],
          answer.items.map((r) => [
            r.region,
            ms(r.latency?.ttftMs.p50),
            ms(r.latency?.ttftMs.p90),
            r.latency ? `${r.latency.source} ${r.latency.window}` : 'not measured',
            r.latency?.samples,
            r.latency?.targetId,
            r.inferenceTypes.join(','),
            ms(r.controlPlaneMs?.p50),
          ]),
        ),
      );
      return 0;
    }
    const answer = await call<RegionsAnswer>(transport, { method: 'GET', path: '/v1/regions' });
    if (values.json) return printJson(io, answer);
    io.stdout(
      table(
        [
          'REGION',
          'STATUS',
          'CONTROL P50 MS',
          'CONTROL P90 MS',
          'SAMPLES',
          'PROFILES',
          'MODELS',
          'LAST SUCCESS',
          'ERROR',
        ],
        answer.items.map((r) => [
          r.region,
          r.status,
          ms(r.controlPlaneMs?.p50),
          ms(r.controlPlaneMs?.p90),
          r.controlPlaneMs?.samples ?? 0,
          r.counts?.profiles,
          r.counts?.models,
          age(r.lastSuccessAt, now()),
          r.error ? `${r.error.code}: ${r.error.message}` : '',
        ]),
      ),
    );
    return 0;
  },
});
