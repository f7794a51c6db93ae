import type { RegionsAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson } from '../command.js';
import { age, ms, table } from '../format.js';

export const regions = defineCommand({
  name: 'regions',
  summary: 'regions with scan status and control-plane latency, fastest first',
  options: {},
  async run({ values, transport, io, now }) {
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
