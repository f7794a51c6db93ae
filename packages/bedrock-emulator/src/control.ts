/**
 * The control endpoint under `/__emulator/`: the same knobs as the programmatic API, for the CLI
 * and for processes that did not start the emulator themselves. Plain JSON, no signing.
 */
import * as z from 'zod';
import { metricSeriesSchema, putMetricSeries } from './cloudwatch.js';
import type { Fault } from './faults.js';
import { faultSchema } from './faults.js';
import type { PageSizes } from './operations.js';
import type { EmulatorState } from './state.js';
import {
  modelAccessSchema,
  newModelSchema,
  newProfileSchema,
  UnknownRegionError,
} from './state.js';

export const CONTROL_PREFIX = '/__emulator';

export interface ControlResponse {
  status: number;
  body?: unknown;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new ControlError(400, z.prettifyError(result.error));
  return result.data;
}

/** Parsed one way or the other, not as a union, so zod's message names the bad field. */
const faultListSchema = z.array(faultSchema);

/**
 * Routes (all JSON):
 * - `GET    /__emulator/state` — account, regions, page sizes and armed faults
 * - `GET    /__emulator/data` — the whole current data set
 * - `GET    /__emulator/stats`, `DELETE /__emulator/stats` — read or reset request counters
 * - `GET    /__emulator/faults` — armed faults by region
 * - `PUT    /__emulator/faults/{region}` — body: a fault or an array of faults; arms them
 * - `DELETE /__emulator/faults/{region}`, `DELETE /__emulator/faults` — disarm
 * - `POST   /__emulator/regions/{region}/profiles` — body: a new profile → 201
 * - `DELETE /__emulator/regions/{region}/profiles/{id}` → 204, or 404 when absent
 * - `POST   /__emulator/regions/{region}/models` — body: a new foundation model → 201
 * - `DELETE /__emulator/regions/{region}/models/{id}` → 204, or 404 when absent
 * - `PUT    /__emulator/regions/{region}/model-access/{modelId}` — body: partial access state
 * - `PUT    /__emulator/regions/{region}/metrics` — body: a CloudWatch series or an array of them;
 *   each replaces the series of the same metric and dimensions
 * - `DELETE /__emulator/regions/{region}/metrics` — no CloudWatch data left in the region
 */
export function handleControl(
  state: EmulatorState,
  pageSizes: PageSizes,
  method: string,
  rawPath: string,
  body: unknown,
): ControlResponse {
  try {
    const segments = rawPath
      .slice(CONTROL_PREFIX.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    return route(state, pageSizes, method, segments, body);
  } catch (error) {
    if (error instanceof ControlError)
      return { status: error.status, body: { message: error.message } };
    if (error instanceof UnknownRegionError)
      return { status: 404, body: { message: error.message } };
    if (error instanceof URIError) return { status: 400, body: { message: 'bad path encoding' } };
    throw error;
  }
}

function route(
  state: EmulatorState,
  pageSizes: PageSizes,
  method: string,
  segments: string[],
  body: unknown,
): ControlResponse {
  const [resource, region, child, id, ...rest] = segments;
  const key = `${method} ${resource ?? ''}`;
  if (rest.length > 0) throw new ControlError(404, 'no such control route');

  if (key === 'GET state' && region === undefined) {
    return {
      status: 200,
      body: {
        accountId: state.accountId,
        regions: state.regions(),
        pageSizes,
        faults: state.faults.list(),
      },
    };
  }
  if (key === 'GET data' && region === undefined) return { status: 200, body: state.snapshot() };
  if (key === 'GET stats' && region === undefined) return { status: 200, body: state.stats() };
  if (key === 'DELETE stats' && region === undefined) {
    state.resetStats();
    return { status: 204 };
  }
  if (resource === 'faults' && child === undefined) {
    if (method === 'GET' && region === undefined) return { status: 200, body: state.faults.list() };
    if (method === 'DELETE') {
      state.faults.clear(region);
      return { status: 204 };
    }
    if (method === 'PUT' && region !== undefined) {
      const faults: Fault[] = Array.isArray(body)
        ? parseBody(faultListSchema, body)
        : [parseBody(faultSchema, body)];
      for (const fault of faults) state.faults.set(region, fault);
      return { status: 200, body: { faults: state.faults.list()[region] ?? [] } };
    }
  }
  if (resource === 'regions' && region !== undefined) {
    return regionRoute(state, method, region, child, id, body);
  }
  throw new ControlError(
    404,
    `no control route for ${method} ${CONTROL_PREFIX}/${segments.join('/')}`,
  );
}

function regionRoute(
  state: EmulatorState,
  method: string,
  region: string,
  child: string | undefined,
  id: string | undefined,
  body: unknown,
): ControlResponse {
  if (child === 'profiles' && method === 'POST' && id === undefined) {
    return { status: 201, body: state.addProfile(region, parseBody(newProfileSchema, body)) };
  }
  if (child === 'profiles' && method === 'DELETE' && id !== undefined) {
    if (!state.removeProfile(region, id))
      throw new ControlError(404, `no profile ${id} in ${region}`);
    return { status: 204 };
  }
  if (child === 'models' && method === 'POST' && id === undefined) {
    return { status: 201, body: state.addModel(region, parseBody(newModelSchema, body)) };
  }
  if (child === 'models' && method === 'DELETE' && id !== undefined) {
    if (!state.removeModel(region, id)) throw new ControlError(404, `no model ${id} in ${region}`);
    return { status: 204 };
  }
  if (child === 'model-access' && method === 'PUT' && id !== undefined) {
    return {
      status: 200,
      body: state.setModelAccess(region, id, parseBody(modelAccessSchema, body)),
    };
  }
  if (child === 'metrics' && id === undefined && (method === 'PUT' || method === 'DELETE')) {
    const data = state.region(region);
    if (!data) throw new UnknownRegionError(region);
    if (method === 'DELETE') data.metrics = [];
    const series = method === 'PUT' ? parseBody(z.array(metricSeriesSchema), [body].flat()) : [];
    for (const one of series) putMetricSeries(data, one);
    return method === 'PUT'
      ? { status: 200, body: { series: data.metrics?.length ?? 0 } }
      : { status: 204 };
  }
  throw new ControlError(404, `no control route for ${method} regions/${region}/${child ?? ''}`);
}
