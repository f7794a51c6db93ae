/**
 * The request pipeline every AWS JSON-protocol service of the emulator shares (`POST /`, the
 * operation in `X-Amz-Target`): read the body, check the operation and the caller's SigV4 region,
 * apply the armed faults, then answer from the region's data with the service's own error shape.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationName } from './faults.js';
import type { RegionData } from './model.js';
import type { EmulatorState } from './state.js';
import { BedrockError, malformedBody, sendJson } from './wire.js';

/** An error as the wire shapes it: a BedrockError or an injected fault's. */
type WireError = Pick<BedrockError, 'errorType' | 'status' | 'message'>;

/** What the server lends a JSON-protocol service: state, its sleep (woken on close) and more. */
export interface JsonProtocolServer {
  state: EmulatorState;
  sleep(ms: number): Promise<void>;
  isClosed(): boolean;
  /** The SigV4 region of a request signed for `service`, or the error to answer. */
  caller(req: IncomingMessage, service: string): { region: string } | { error: BedrockError };
  readBody(req: IncomingMessage): Promise<unknown>;
  /** The answer for a region the emulator does not serve. */
  notEnabled: BedrockError;
}

/** One JSON-protocol service: how it names operations, answers them and shapes its errors. */
export interface JsonProtocolService<Operation extends OperationName> {
  /** The SigV4 signing name (`monitoring`, `servicequotas`). */
  signingName: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  contentType: string;
  /** The error code for an unexpected failure of a handler. */
  internalErrorType: string;
  matchTarget(target: string | undefined): Operation | undefined;
  sendError(res: ServerResponse, error: WireError, requestId: string): void;
  answer(
    operation: Operation,
    request: { region: string; accountId: string; data: RegionData; body: unknown },
  ): unknown;
}

export async function handleJsonProtocolRequest<Operation extends OperationName>(
  server: JsonProtocolServer,
  service: JsonProtocolService<Operation>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { state } = server;
  const requestId = randomUUID();
  const fail = (error: WireError) => service.sendError(res, error, requestId);
  const target = req.headers['x-amz-target'];
  const operation = service.matchTarget(Array.isArray(target) ? target[0] : target);
  const caller = server.caller(req, service.signingName);
  state.countRequest('region' in caller ? caller.region : '-', operation ?? 'Unknown');
  let body: unknown;
  try {
    body = await server.readBody(req);
  } catch {
    fail(new BedrockError('SerializationException', 400, 'Malformed JSON'));
    return;
  }
  if (req.method !== 'POST' || !operation) {
    fail(new BedrockError('UnknownOperationException', 400, `Unknown operation ${String(target)}`));
    return;
  }
  if ('error' in caller) {
    fail(caller.error);
    return;
  }
  const nextToken = (body as { NextToken?: unknown } | null | undefined)?.NextToken;
  const decision = state.faults.decide(caller.region, operation, typeof nextToken === 'string');
  if (decision.delayMs > 0) await server.sleep(decision.delayMs);
  if (server.isClosed()) return;
  if (decision.outcome) state.countFault(caller.region);
  if (decision.outcome?.type === 'hang') return;
  if (decision.outcome?.type === 'error') {
    fail(decision.outcome.error);
    return;
  }
  const data = state.region(caller.region);
  if (!data) {
    fail(server.notEnabled);
    return;
  }
  let json: string;
  try {
    const request = { region: caller.region, accountId: state.accountId, data, body };
    json = JSON.stringify(service.answer(operation, request));
  } catch (error) {
    fail(
      error instanceof BedrockError
        ? error
        : new BedrockError(service.internalErrorType, 500, String(error)),
    );
    return;
  }
  if (decision.malformed) {
    state.countFault(caller.region);
    json = malformedBody(json, decision.malformed);
  }
  sendJson(res, 200, json, requestId, { 'Content-Type': service.contentType });
}
