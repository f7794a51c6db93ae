/**
 * Per-region fault injection. Faults are data (a discriminated union) so they can be set from
 * code and over the control endpoint with the same schema.
 */
import * as z from 'zod';

/** The Bedrock operations the emulator answers; faults and stats are keyed by these names. */
export const OPERATIONS = [
  'ListInferenceProfiles',
  'GetInferenceProfile',
  'ListFoundationModels',
  'GetFoundationModel',
  'GetFoundationModelAvailability',
  'ListProvisionedModelThroughputs',
  'ListCustomModelDeployments',
  'ListCustomModels',
  'ListImportedModels',
  'ListPromptRouters',
  'ListMarketplaceModelEndpoints',
  'GetAccountDataRetention',
  'ListServiceQuotas',
  'ListAWSDefaultServiceQuotas',
  'ListMetrics',
  'GetMetricData',
] as const;

/** Served on the same port as Bedrock, told apart by the SigV4 service name `servicequotas`. */
export const SERVICE_QUOTAS_OPERATIONS = [
  'ListServiceQuotas',
  'ListAWSDefaultServiceQuotas',
] as const;
export type ServiceQuotasOperation = (typeof SERVICE_QUOTAS_OPERATIONS)[number];
/** Served on the same port as Bedrock, told apart by the SigV4 service name `monitoring`. */
export const CLOUDWATCH_OPERATIONS = ['ListMetrics', 'GetMetricData'] as const;
export type CloudWatchOperation = (typeof CLOUDWATCH_OPERATIONS)[number];

/** The IAM service prefix of an operation, as AccessDenied messages name the action. */
function iamPrefix(operationName: OperationName): string {
  if ((CLOUDWATCH_OPERATIONS as readonly string[]).includes(operationName)) return 'cloudwatch';
  return (SERVICE_QUOTAS_OPERATIONS as readonly string[]).includes(operationName)
    ? 'servicequotas'
    : 'bedrock';
}

export type OperationName = (typeof OPERATIONS)[number];

interface Targeted {
  /** Only requests for this operation are affected; all operations when omitted. */
  operation?: OperationName;
}

interface Counted extends Targeted {
  /** How many matching requests fail before the fault clears itself; forever when omitted. */
  times?: number;
}

/** Delays every matching response by `fixedMs` plus a uniform random `0..jitterMs`. */
export interface LatencyFault extends Targeted {
  kind: 'latency';
  fixedMs: number;
  jitterMs?: number;
}

/** 429 ThrottlingException for the next `times` requests, which the SDK retries. */
export interface ThrottleFault extends Targeted {
  kind: 'throttle';
  times: number;
}

/** 500 InternalServerException (default) or 503 ServiceUnavailableException. */
export interface ServerErrorFault extends Counted {
  kind: 'serverError';
  status?: 500 | 503;
}

/** 403 AccessDeniedException, as when IAM denies `bedrock:List*`. */
export interface AccessDeniedFault extends Targeted {
  kind: 'accessDenied';
}

/** 403 UnrecognizedClientException, as from a region the account has not opted into. */
export interface NotEnabledFault extends Targeted {
  kind: 'notEnabled';
}

/** Reads the request and never answers, so only a client-side timeout or abort ends it. */
export interface HangFault extends Counted {
  kind: 'hang';
}

/** 200 with a body the SDK cannot parse: cut in half (default) or not JSON at all. */
export interface MalformedFault extends Counted {
  kind: 'malformed';
  body?: 'truncated' | 'not-json';
}

/** Fails requests that carry a `nextToken`, i.e. page 2 onwards of a listing. */
export interface FailOnNextPageFault extends Counted {
  kind: 'failOnNextPage';
  status?: 500 | 503;
}

export type Fault =
  | LatencyFault
  | ThrottleFault
  | ServerErrorFault
  | AccessDeniedFault
  | NotEnabledFault
  | HangFault
  | MalformedFault
  | FailOnNextPageFault;

const operation = z.enum(OPERATIONS).optional();
const times = z.number().int().positive().optional();
const errorStatus = z.union([z.literal(500), z.literal(503)]).optional();

/** Validates faults that arrive over the control endpoint. */
export const faultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('latency'),
    fixedMs: z.number().nonnegative(),
    jitterMs: z.number().nonnegative().optional(),
    operation,
  }),
  z.strictObject({ kind: z.literal('throttle'), times: z.number().int().positive(), operation }),
  z.strictObject({ kind: z.literal('serverError'), status: errorStatus, times, operation }),
  z.strictObject({ kind: z.literal('accessDenied'), operation }),
  z.strictObject({ kind: z.literal('notEnabled'), operation }),
  z.strictObject({ kind: z.literal('hang'), times, operation }),
  z.strictObject({
    kind: z.literal('malformed'),
    body: z.enum(['truncated', 'not-json']).optional(),
    times,
    operation,
  }),
  z.strictObject({ kind: z.literal('failOnNextPage'), status: errorStatus, times, operation }),
]);

/** An error the emulator answers with instead of the real response. */
export interface InjectedError {
  status: number;
  errorType: string;
  message: string;
}

/** What the faults decided for one request. */
export interface FaultDecision {
  delayMs: number;
  /** `undefined` lets the request through (possibly with a malformed body). */
  outcome?: { type: 'error'; error: InjectedError } | { type: 'hang' };
  malformed?: 'truncated' | 'not-json';
}

interface ActiveFault {
  fault: Fault;
  /** Requests left before the fault expires; undefined = forever. */
  remaining: number | undefined;
}

/** Checked in this order, so a region that is not enabled never reports throttling. */
const PRECEDENCE: Fault['kind'][] = [
  'notEnabled',
  'accessDenied',
  'hang',
  'throttle',
  'serverError',
  'failOnNextPage',
];

export function injectedErrorFor(
  fault: Fault,
  operationName: OperationName,
): InjectedError | undefined {
  switch (fault.kind) {
    case 'notEnabled':
      return {
        status: 403,
        errorType: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      };
    case 'accessDenied':
      return {
        status: 403,
        errorType: 'AccessDeniedException',
        message: `User: arn:aws:sts::111122223333:assumed-role/emulator/session is not authorized to perform: ${iamPrefix(operationName)}:${operationName} because no identity-based policy allows the ${iamPrefix(operationName)}:${operationName} action`,
      };
    case 'throttle':
      return {
        status: 429,
        errorType: 'ThrottlingException',
        message: 'Too many requests, please wait before trying again.',
      };
    case 'serverError':
    case 'failOnNextPage':
      return (fault.status ?? 500) === 503
        ? { status: 503, errorType: 'ServiceUnavailableException', message: 'Service Unavailable' }
        : { status: 500, errorType: 'InternalServerException', message: 'Internal Server Error' };
    default:
      return undefined;
  }
}

/** All faults of all regions, with their remaining counts. */
export class FaultBook {
  readonly #byRegion = new Map<string, ActiveFault[]>();

  /** A fault of the same kind and operation replaces the earlier one, so tests can re-arm. */
  set(region: string, fault: Fault): void {
    const parsed = faultSchema.parse(fault);
    const faults = (this.#byRegion.get(region) ?? []).filter(
      (f) => !(f.fault.kind === parsed.kind && f.fault.operation === parsed.operation),
    );
    const remaining = 'times' in parsed ? parsed.times : undefined;
    faults.push({ fault: parsed, remaining });
    this.#byRegion.set(region, faults);
  }

  clear(region?: string): void {
    if (region === undefined) this.#byRegion.clear();
    else this.#byRegion.delete(region);
  }

  /** Faults still armed, with `times` showing what is left of counted ones. */
  list(): Record<string, Fault[]> {
    const result: Record<string, Fault[]> = {};
    for (const [region, faults] of this.#byRegion) {
      if (faults.length === 0) continue;
      result[region] = faults.map(({ fault, remaining }) =>
        remaining === undefined ? fault : { ...fault, times: remaining },
      );
    }
    return result;
  }

  /** Decides one request's fate and uses up one count of every counted fault that fires. */
  decide(region: string, operationName: OperationName, hasNextToken: boolean): FaultDecision {
    const faults = this.#byRegion.get(region) ?? [];
    const matching = faults.filter(
      (f) => f.fault.operation === undefined || f.fault.operation === operationName,
    );
    const decision: FaultDecision = { delayMs: 0 };
    for (const { fault } of matching) {
      if (fault.kind === 'latency') {
        decision.delayMs += fault.fixedMs + Math.random() * (fault.jitterMs ?? 0);
      }
    }
    for (const kind of PRECEDENCE) {
      const active = matching.find((f) => f.fault.kind === kind);
      if (!active || (kind === 'failOnNextPage' && !hasNextToken)) continue;
      this.#consume(region, active);
      if (kind === 'hang') decision.outcome = { type: 'hang' };
      else {
        const error = injectedErrorFor(active.fault, operationName);
        if (error) decision.outcome = { type: 'error', error };
      }
      return decision;
    }
    const malformed = matching.find((f) => f.fault.kind === 'malformed');
    if (malformed?.fault.kind === 'malformed') {
      this.#consume(region, malformed);
      decision.malformed = malformed.fault.body ?? 'truncated';
    }
    return decision;
  }

  #consume(region: string, active: ActiveFault): void {
    if (active.remaining === undefined) return;
    active.remaining -= 1;
    if (active.remaining > 0) return;
    const left = (this.#byRegion.get(region) ?? []).filter((f) => f !== active);
    if (left.length > 0) this.#byRegion.set(region, left);
    else this.#byRegion.delete(region);
  }
}
