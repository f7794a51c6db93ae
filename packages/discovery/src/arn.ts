import { ARN_PARTITION_PATTERN, RegionCode } from '@bedrock-profile-catalog/catalog';

/** The parts of an ARN. `region` is '' for region-less (global) ARNs. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resourceType: string;
  resourceId: string;
}

/** Resource types whose ID is a model ID (or the ID of a model-like resource). */
const MODEL_RESOURCE_TYPES = new Set([
  'foundation-model',
  'custom-model',
  'provisioned-model',
  'imported-model',
]);

/**
 * Splits `arn:partition:service:region:account:type/id`. Only the first five colons separate
 * fields: model IDs contain `:` (`…-v1:0`, `…:200k`) and custom-model IDs contain `/`.
 */
export function parseArn(arn: string): ParsedArn | undefined {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  const fields: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon < 0) return undefined;
    fields.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  const [, partition = '', service = '', region = '', account = ''] = fields;
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const resourceType = rest.slice(0, slash);
  const resourceId = rest.slice(slash + 1);
  if (!ARN_PARTITION_PATTERN.test(partition) || service === '' || resourceId === '')
    return undefined;
  if (region !== '' && !RegionCode.safeParse(region).success) return undefined;
  return { partition, service, region, account, resourceType, resourceId };
}

/** A Bedrock model ARN (foundation, custom, provisioned, imported) parsed; else undefined. */
export function parseModelArn(arn: string): ParsedArn | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'bedrock') return undefined;
  return MODEL_RESOURCE_TYPES.has(parsed.resourceType) ? parsed : undefined;
}

/**
 * The model ID inside a Bedrock model ARN, verbatim: everything after `<type>/`. Never matched
 * against a version pattern, because IDs come with and without dates, versions and context sizes.
 */
export function modelIdFromArn(arn: string): string | undefined {
  return parseModelArn(arn)?.resourceId;
}
