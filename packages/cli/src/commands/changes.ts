import { parseSince, SINCE_FORMATS } from '@bedrock-profile-catalog/query-api';
import type { ChangesPage } from '../api-types.js';
import { allPages } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { parsedAsTheApiDoes } from '../errors.js';
import { tableOr } from '../format.js';

/** The API's own `since` parser; a bad value is bad input here (exit 2), not a 400. */
function sinceTime(value: string, now: Date): Date {
  return parsedAsTheApiDoes(value, (v) => parseSince(v, now, '--since'));
}

export const changes = defineCommand({
  name: 'changes',
  summary: 'profiles and models added, removed or changed since TIME',
  options: {
    since: { type: 'string', value: 'TIME', help: `${SINCE_FORMATS}; default 24h` },
    region: { ...REGION, help: 'only changes in this region' },
  },
  async run({ values, transport, io, now }) {
    // Sent as an instant: a relative time counts back from this machine's clock.
    const since = sinceTime(values.since ?? '24h', now()).toISOString();
    const answer = await allPages<ChangesPage>(transport, '/v1/changes', {
      since,
      region: values.region,
    });
    if (values.json) return printJson(io, { since, items: answer.items });
    io.stdout(
      tableOr(
        `No changes since ${since}.`,
        ['AT', 'KIND', 'ENTITY', 'REGION', 'ID'],
        answer.items.map((c) => [c.at, c.kind, c.entity, c.region, c.id]),
      ),
    );
    return 0;
  },
});
