import { TARGET_RANKS, TARGET_SCOPES } from '@bedrock-profile-catalog/query-api';
import type { InvokeTargetsAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { invalidParameter } from '../errors.js';
import { count, perMTok, tableOr } from '../format.js';

/** A typo in --scope is bad input (exit 2), like a bad --from, not an API error. */
function scopes(value: string, flag: string): string {
  const bad = value.split(',').find((name) => !(TARGET_SCOPES as readonly string[]).includes(name));
  if (bad !== undefined) {
    throw invalidParameter(
      `bad scope for ${flag}: '${bad}' (expected a comma list of ${TARGET_SCOPES.join(', ')})`,
    );
  }
  return value;
}

function rank(value: string, flag: string): string {
  if ((TARGET_RANKS as readonly string[]).includes(value)) return value;
  const expected = `${TARGET_RANKS.slice(0, -1).join(', ')} or ${TARGET_RANKS.at(-1)}`;
  throw invalidParameter(`bad rank for ${flag}: '${value}' (expected ${expected})`);
}

type Target = InvokeTargetsAnswer['items'][number];

/** Last, as it may hold a sentence: `usable`, or `NO:` and why (a quota of 0 names the quota). */
function accessCell(access: Target['access']): string {
  if (!access) return 'unchecked';
  return access.usable ? 'usable' : `NO: ${access.reason ?? 'denied'}`;
}

function appliedCell(quota: Target['quota']): string | null {
  if (!quota) return null;
  return quota.applied ? 'yes' : 'no';
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
    rank: {
      type: 'string',
      value: 'ORDER',
      help: 'scope (default: the rule order), latency (measured time to first token, usable first) or price (standard input plus output per MTok, cheapest first)',
      parse: rank,
    },
  },
  async run({ values, arg: modelId, transport, io }) {
    const answer = await call<InvokeTargetsAnswer>(transport, {
      method: 'GET',
      path: `/v1/models/${encodeURIComponent(modelId)}/invoke-targets`,
      query: { sourceRegion: values.from, scope: values.scope, rank: values.rank },
    });
    if (values.json) return printJson(io, answer);
    io.stdout(
      tableOr(
        `No target for ${modelId} from ${values.from}: ${answer.hint?.message ?? 'none'}`,
        [
          '#',
          'TARGET',
          'SCOPE',
          'TOKENS/MIN',
          'TOKENS/DAY',
          'APPLIED',
          'LIFECYCLE',
          'END OF LIFE',
          'DESTINATIONS',
          'TTFT P50',
          'IN $/MTOK',
          'OUT $/MTOK',
          'PRICE',
          'ACCESS',
        ],
        answer.items.map((t, i) => [
          i + 1,
          t.targetId,
          t.scope,
          count(t.quota?.tokensPerMinute),
          count(t.quota?.tokensPerDay),
          appliedCell(t.quota),
          t.lifecycle?.status,
          t.lifecycle?.endOfLifeTime?.slice(0, 10),
          t.destinationRegions.join(','),
          t.latency?.ttftMs.p50,
          perMTok(t.price?.inputPerMTok),
          perMTok(t.price?.outputPerMTok),
          t.price?.state,
          accessCell(t.access),
        ]),
      ),
    );
    return 0;
  },
});
