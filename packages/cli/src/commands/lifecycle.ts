import { DEFAULT_WITHIN, parseWithin, WITHIN_FORMATS } from '@bedrock-profile-catalog/query-api';
import type { LifecycleAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { parsedAsTheApiDoes } from '../errors.js';
import { tableOr } from '../format.js';

/** The API's own `within` parser, checked before any request; the value is sent as typed. */
function within(value: string, flag: string): string {
  parsedAsTheApiDoes(value, (v) => parseWithin(v, flag));
  return value;
}

export const lifecycle = defineCommand({
  name: 'lifecycle',
  summary: 'models whose next lifecycle event (legacy, extended access, end of life) is soon',
  options: {
    within: {
      type: 'string',
      value: 'DURATION',
      help: `${WITHIN_FORMATS}; default ${DEFAULT_WITHIN}`,
      parse: within,
    },
    region: { ...REGION, help: 'only models in this region' },
  },
  async run({ values, transport, io }) {
    const window = values.within ?? DEFAULT_WITHIN;
    const answer = await call<LifecycleAnswer>(transport, {
      method: 'GET',
      path: '/v1/lifecycle',
      query: { within: window, region: values.region },
    });
    if (values.json) return printJson(io, answer);
    io.stdout(
      tableOr(
        `No lifecycle event within ${window} (until ${answer.until}).`,
        ['NEXT', 'EVENT', 'MODEL', 'REGION', 'STATUS', 'END OF LIFE'],
        answer.items.map((m) => [
          m.next.at,
          m.next.event,
          m.modelId,
          m.region,
          m.status,
          m.endOfLifeTime,
        ]),
      ),
    );
    return 0;
  },
});
