/**
 * SSM `GetParametersByPath` (JSON 1.1: `POST /`, `X-Amz-Target: AmazonSSM.GetParametersByPath`)
 * for the one public tree the scanner reads: Bedrock's region list, where each parameter's Value
 * is a region code. Like the real public parameters, each partition lists only its own regions,
 * so a scanner in GovCloud or the European Sovereign Cloud sees its partition's list.
 */

import { arnPartition } from './arn.js';
import { BedrockError } from './wire.js';

export const SSM_TARGET = 'AmazonSSM.GetParametersByPath';
export const BEDROCK_REGIONS_PATH = '/aws/service/global-infrastructure/services/bedrock/regions';
/** The API's cap on MaxResults for this operation. */
const MAX_RESULTS = 10;
/** When the emulated parameters were last changed (epoch seconds on the JSON 1.1 wire). */
const LAST_MODIFIED = Date.parse('2026-09-01T00:00:00.000Z') / 1000;

export interface SsmContext {
  /** The caller's region (SigV4 scope); its partition decides which list it sees. */
  region: string;
  /** Every region the emulator hosts. */
  hostedRegions: readonly string[];
  body: unknown;
}

function validation(message: string): BedrockError {
  return new BedrockError('ValidationException', 400, message);
}

export function getParametersByPath(ctx: SsmContext) {
  const input = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<
    string,
    unknown
  >;
  const { Path, MaxResults, NextToken } = input;
  if (typeof Path !== 'string' || !Path.startsWith('/')) {
    throw validation(
      "1 validation error detected: Value null at 'path' failed to satisfy constraint: Member must not be null",
    );
  }
  if (
    MaxResults !== undefined &&
    (!Number.isInteger(MaxResults) || (MaxResults as number) < 1 || (MaxResults as number) > 10)
  ) {
    throw validation(
      `1 validation error detected: Value '${String(MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}`,
    );
  }
  const offset = NextToken === undefined ? 0 : Number.parseInt(String(NextToken), 36);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new BedrockError('InvalidNextToken', 400, 'The specified token is not valid.');
  }
  const partition = arnPartition(ctx.region);
  const regions =
    Path.replace(/\/$/, '') === BEDROCK_REGIONS_PATH
      ? ctx.hostedRegions.filter((r) => arnPartition(r) === partition).sort()
      : [];
  const end = offset + ((MaxResults as number | undefined) ?? MAX_RESULTS);
  const Parameters = regions.slice(offset, end).map((region) => {
    const Name = `${BEDROCK_REGIONS_PATH}/${region}`;
    return {
      Name,
      Type: 'String',
      Value: region,
      Version: 1,
      LastModifiedDate: LAST_MODIFIED,
      ARN: `arn:${partition}:ssm:${ctx.region}::parameter${Name}`,
      DataType: 'text',
    };
  });
  return end < regions.length ? { Parameters, NextToken: end.toString(36) } : { Parameters };
}
