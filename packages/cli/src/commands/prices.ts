import type { ModelPricesAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { perMTok, tableOr } from '../format.js';

export const prices = defineCommand({
  name: 'prices',
  summary: "a model's public list prices from region REGION: every scope, tier, endpoint, mode",
  positional: 'modelId',
  options: {
    region: { ...REGION, required: true, help: 'the source region, where the caller runs' },
  },
  async run({ values, arg: modelId, transport, io }) {
    const answer = await call<ModelPricesAnswer>(transport, {
      method: 'GET',
      path: `/v1/models/${encodeURIComponent(modelId)}/prices`,
      query: { region: values.region },
    });
    if (values.json) return printJson(io, answer);
    const table = tableOr(
      `No Price List price for ${modelId} in ${values.region}.`,
      [
        'SCOPE',
        'TIER',
        'ENDPOINT',
        'MODE',
        'CONTEXT',
        'IN $/MTOK',
        'OUT $/MTOK',
        'CACHE READ',
        'CACHE WRITE 5M',
        'STATE',
        'OFFER',
      ],
      answer.items.map((cell) => [
        cell.scope,
        cell.tier,
        cell.endpoint,
        cell.mode,
        cell.context,
        perMTok(cell.directions.input?.usdPerMTok),
        perMTok(cell.directions.output?.usdPerMTok),
        perMTok(cell.directions.cacheRead?.usdPerMTok),
        perMTok(cell.directions.cacheWrite5m?.usdPerMTok),
        cell.state,
        `${cell.source.offer} ${cell.source.version}`,
      ]),
    );
    // What these prices are not, under every table (the SKUs are in --json).
    io.stdout(`${table}${answer.note}\n`);
    return 0;
  },
});
