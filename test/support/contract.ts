import { ErrorBody, RESPONSE_SCHEMAS, routeOf } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';

/**
 * Checks one live answer against the API contract: the body parses with the route's (closed)
 * response schema for that status, an error status is one the route declares, and a route that
 * carries `catalogAsOf` sets the `x-catalog-as-of` header to it. Throws with the reason.
 */
export function assertInContract(
  request: { method?: string; path: string },
  result: Pick<APIGatewayProxyStructuredResultV2, 'statusCode' | 'body' | 'headers'>,
): void {
  const method = (request.method ?? 'GET').toUpperCase();
  const status = result.statusCode ?? 200;
  const what = `${method} ${request.path} → ${status}`;
  const route = routeOf(method, request.path);
  const body: unknown = JSON.parse(result.body ?? 'null');
  const answer = route?.responses[status];
  if (
    !answer &&
    route &&
    status !== 405 &&
    status !== 503 &&
    !route.errors.includes(status as 400)
  ) {
    throw new Error(`${what}: status not declared for this route`);
  }
  const parsed = (answer ? RESPONSE_SCHEMAS[answer.schema] : ErrorBody).safeParse(body);
  if (!parsed.success) {
    throw new Error(`${what}: answer not in the contract:\n${z.prettifyError(parsed.error)}`);
  }
  const asOf = (body as { catalogAsOf?: unknown } | null)?.catalogAsOf;
  if (answer && route?.catalogAsOf && typeof asOf === 'string') {
    if (result.headers?.['x-catalog-as-of'] !== asOf) {
      throw new Error(`${what}: x-catalog-as-of header is not the body's catalogAsOf`);
    }
  }
}
