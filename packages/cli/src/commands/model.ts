import type { ProfileModelAnswer } from '../api-types.js';
import { call } from '../client.js';
import { defineCommand, printJson, REGION } from '../command.js';
import { table } from '../format.js';

export const model = defineCommand({
  name: 'model',
  summary: 'the model behind an inference profile (ID or ARN)',
  positional: 'profileId',
  options: {
    region: { ...REGION, help: "the profile's source region (default: the fastest that has it)" },
  },
  async run({ values, arg: profileId, transport, io }) {
    const answer = await call<ProfileModelAnswer>(transport, {
      method: 'GET',
      path: `/v1/profiles/${encodeURIComponent(profileId)}/model`,
      query: { region: values.region },
    });
    if (values.json) return printJson(io, answer);
    io.stdout(
      table(
        ['PROFILE', 'SOURCE REGION', 'MODEL', 'ALL MODELS'],
        [[answer.profileId, answer.region, answer.modelId, answer.modelIds.join(',')]],
      ),
    );
    return 0;
  },
});
