import type { ThroughputsPage } from '../api-types.js';
import { allPages } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { tableOr } from '../format.js';

export const throughputs = defineCommand({
  name: 'throughputs',
  summary: "this account's provisioned throughputs in region REGION",
  options: { region: { ...REGION, required: true, help: 'the region to list' } },
  async run({ values, transport, io }) {
    const { region } = values;
    const answer = await allPages<ThroughputsPage>(
      transport,
      `/v1/regions/${encodeURIComponent(region)}/throughputs`,
      {},
    );
    if (values.json) return printJson(io, { region, ...answer });
    io.stdout(
      tableOr(
        `No provisioned throughput in ${region}.`,
        ['ARN', 'NAME', 'MODEL', 'STATUS', 'UNITS', 'COMMITMENT'],
        answer.items.map((t) => [
          t.arn,
          t.name,
          t.modelId,
          t.status,
          t.modelUnits,
          t.commitmentDuration ?? '-',
        ]),
      ),
    );
    return 0;
  },
});
