import type { ModelProfilesPage } from '../api-types.js';
import { allPages } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { tableOr } from '../format.js';

export const profiles = defineCommand({
  name: 'profiles',
  summary: "a model's inference profiles (in one source region or all)",
  positional: 'modelId',
  options: { region: { ...REGION, help: 'only profiles with this source region' } },
  async run({ values, arg: modelId, transport, io }) {
    const { region } = values;
    const answer = await allPages<ModelProfilesPage>(
      transport,
      `/v1/models/${encodeURIComponent(modelId)}/profiles`,
      { region },
    );
    if (values.json) return printJson(io, { modelId, ...answer });
    io.stdout(
      tableOr(
        `No inference profile reaches ${modelId}${region ? ` from ${region}` : ''}.`,
        ['PROFILE', 'SCOPE', 'TYPE', 'SOURCE REGION', 'STATUS', 'DESTINATIONS'],
        answer.items.map((p) => [
          p.profileId,
          p.scope,
          p.type,
          p.region,
          p.status,
          p.destinationRegions.join(','),
        ]),
      ),
    );
    return 0;
  },
});
