import type { QuotasAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { count, tableOr } from '../format.js';

/** A quota whose name matched no listed model is kept and shown, flagged in the model column. */
const UNMATCHED = 'UNMATCHED';

export const quotas = defineCommand({
  name: 'quotas',
  summary: "this account's Bedrock Service Quotas in region REGION, matched to model and scope",
  options: { region: { ...REGION, required: true, help: 'the region to list' } },
  async run({ values, transport, io }) {
    const { region } = values;
    const answer = await call<QuotasAnswer>(transport, {
      method: 'GET',
      path: `/v1/regions/${encodeURIComponent(region)}/quotas`,
    });
    if (values.json) return printJson(io, answer);
    io.stdout(
      tableOr(
        `No Service Quota stored for ${region} yet.`,
        // The name last: it is the only cell with spaces.
        ['CODE', 'VALUE', 'DEFAULT', 'APPLIED', 'MODEL', 'SCOPE', 'NAME'],
        answer.items.map((q) => [
          q.quotaCode,
          count(q.value),
          count(q.defaultValue),
          q.applied ? 'yes' : 'no',
          q.modelId ?? UNMATCHED,
          q.scope,
          q.quotaName,
        ]),
      ),
    );
    return 0;
  },
});
