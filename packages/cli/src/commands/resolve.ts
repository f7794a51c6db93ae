import { TARGET_SCOPES } from '@bedrock-profile-catalog/query-api';
import type { InvokeTargetsAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { UsageError } from '../errors.js';
import { tableOr } from '../format.js';

/** A typo in --scope is bad input (exit 2), like a bad --from, not an API error. */
function scopes(value: string, flag: string): string {
  const bad = value.split(',').find((name) => !(TARGET_SCOPES as readonly string[]).includes(name));
  if (bad !== undefined) {
    throw new UsageError(
      `bad scope for ${flag}: '${bad}' (expected a comma list of ${TARGET_SCOPES.join(', ')})`,
    );
  }
  return value;
}

/** `ACTIVE`, or `LEGACY/EOL:2028-01-15` when an end of life is announced (one word per cell). */
function lifecycleCell(
  lifecycle: InvokeTargetsAnswer['items'][number]['lifecycle'],
): string | null {
  if (!lifecycle) return null;
  const end = lifecycle.endOfLifeTime?.slice(0, 10);
  return end ? `${lifecycle.status}/EOL:${end}` : lifecycle.status;
}

export const resolve = defineCommand({
  name: 'resolve',
  summary: 'which ID to call for a model from region REGION, best first',
  positional: 'modelId',
  options: {
    from: { ...REGION, required: true, help: 'the source region, where the caller runs' },
    scope: {
      type: 'string',
      value: 'SCOPES',
      help: `only these target scopes, e.g. in-region,geo (${TARGET_SCOPES.join(', ')})`,
      parse: scopes,
    },
  },
  async run({ values, arg: modelId, transport, io }) {
    const answer = await call<InvokeTargetsAnswer>(transport, {
      method: 'GET',
      path: `/v1/models/${encodeURIComponent(modelId)}/invoke-targets`,
      query: { sourceRegion: values.from, scope: values.scope },
    });
    if (values.json) return printJson(io, answer);
    io.stdout(
      tableOr(
        `No target for ${modelId} from ${values.from}: ${answer.hint?.message ?? 'none'}`,
        ['#', 'TARGET', 'SCOPE', 'ACCESS', 'LIFECYCLE', 'DESTINATIONS'],
        answer.items.map((t, i) => [
          i + 1,
          t.targetId,
          t.scope,
          !t.access
            ? 'unchecked'
            : t.access.usable
              ? 'usable'
              : `NO: ${t.access.reason ?? 'denied'}`,
          lifecycleCell(t.lifecycle),
          t.destinationRegions.join(','),
        ]),
      ),
    );
    return 0;
  },
});
