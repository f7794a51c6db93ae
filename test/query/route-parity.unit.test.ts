import {
  buildOpenApiDocument,
  createQueryHandler,
  ROUTES,
} from '@bedrock-profile-catalog/query-api';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../lambdas/query/routes.js';
import { apiGatewayEvent } from '../support/api-gateway-event.js';

/** Router, OpenAPI document and deployed routes (CDK) must list exactly the same routes. */
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

const routerRoutes = [...ROUTES.map((r) => key(r.method, r.path)), 'GET /openapi.json'].sort();
const documentRoutes = Object.entries(buildOpenApiDocument().paths)
  .flatMap(([path, operations]) => Object.keys(operations).map((method) => key(method, path)))
  .sort();
const deployedRoutes = API_ROUTES.map((r) => key(r.method, r.path)).sort();

describe('route parity', () => {
  it('the OpenAPI document lists exactly the router’s routes', () => {
    expect(documentRoutes).toEqual(routerRoutes);
  });

  it('lambdas/query/routes.ts (the CDK construct’s list) matches the router', () => {
    expect(deployedRoutes).toEqual(routerRoutes);
  });

  it('lists no route twice', () => {
    expect(new Set(routerRoutes).size).toBe(routerRoutes.length);
  });

  it('dispatches every deployed route (none falls through to ROUTE_NOT_FOUND or 405)', async () => {
    const failing = async () => {
      throw new Error('catalog not reachable in this test');
    };
    const service = new Proxy({}, { get: () => failing });
    const handle = createQueryHandler({
      service: service as never,
      logger: { info() {}, warn() {}, error() {} },
    });
    for (const route of API_ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, 'x');
      const result = await handle(apiGatewayEvent({ method: route.method, path }));
      const code = JSON.parse(result.body ?? '{}').error?.code;
      expect([route.method, route.path, code]).not.toContain('ROUTE_NOT_FOUND');
      expect(result.statusCode, `${route.method} ${route.path}`).not.toBe(405);
    }
  });
});
