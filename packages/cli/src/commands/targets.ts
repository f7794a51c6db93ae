import { RegionTargetKindParam } from '@bedrock-profile-catalog/query-api';
import type { RegionTargetsPage } from '../api-types.js';
import { allPages } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { UsageError } from '../errors.js';
import { tableOr } from '../format.js';

const KINDS: readonly string[] = RegionTargetKindParam.options;

/** A typo in --kind is bad input (exit 2), checked against the API's own list of kinds. */
function kind(value: string, flag: string): string {
  if (!KINDS.includes(value)) {
    throw new UsageError(`bad kind for ${flag}: '${value}' (expected one of ${KINDS.join(', ')})`);
  }
  return value;
}

export const targets = defineCommand({
  name: 'targets',
  summary: 'every target this account owns in region REGION (throughputs, deployments, routers…)',
  options: {
    region: { ...REGION, required: true, help: 'the region to list' },
    kind: {
      type: 'string',
      value: 'KIND',
      help: `only this kind: ${KINDS.join(', ')}`,
      parse: kind,
    },
  },
  async run({ values, transport, io }) {
    const { region } = values;
    const answer = await allPages<RegionTargetsPage>(
      transport,
      `/v1/regions/${encodeURIComponent(region)}/targets`,
      { kind: values.kind },
    );
    if (values.json) return printJson(io, { region, ...answer });
    io.stdout(
      tableOr(
        `No ${values.kind ?? 'account-owned'} target in ${region}.`,
        ['KIND', 'ARN', 'NAME', 'STATUS', 'FOR MODEL'],
        answer.items.map((t) => [
          t.kind,
          t.arn,
          t.name,
          t.status,
          t.kind === 'provisioned-throughput' ? t.modelId : t.modelKey,
        ]),
      ),
    );
    return 0;
  },
});
