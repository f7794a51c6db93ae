import type { InvokeTargetView } from '@bedrock-profile-catalog/query-api';

/** The actions a routed call needs, on every resource iamResourcesFor names. */
export const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/**
 * The resource ARNs a call to `target` needs `bedrock:InvokeModel*` on: the target itself and,
 * for an inference profile, the foundation model in every destination region (a global profile
 * also needs the region-less foundation-model ARN). A rewritten call is refused by a policy that
 * grants only `foundation-model/*`, so grant these.
 * @param modelId the model behind a profile; default: a geo or global profile's ID without its
 *   prefix (an application profile's model cannot be read from its ID, so pass it)
 */
export function iamResourcesFor(target: InvokeTargetView, modelId?: string): string[] {
  const own = target.targetArn ?? target.targetId;
  if (target.kind !== 'profile') return [own];
  const model =
    modelId ?? (target.geoPrefix ? target.targetId.slice(target.geoPrefix.length + 1) : null);
  if (model === null) return [own];
  const partition = /^arn:([^:]+):/.exec(own)?.[1] ?? 'aws';
  const regions = [...new Set(target.destinationRegions)].sort();
  return [
    own,
    ...regions.map((region) => `arn:${partition}:bedrock:${region}::foundation-model/${model}`),
    ...(target.scope === 'global' ? [`arn:${partition}:bedrock:::foundation-model/${model}`] : []),
  ];
}
