/**
 * The query API's routes: the one list both the CDK construct (which creates one IAM-authorised
 * HTTP API route per entry) and the query handler (which dispatches on them) import, so the
 * deployed API and the handler cannot drift apart. Path parameters take one URL segment; model
 * IDs (':' and '.') and profile ARNs must be percent-encoded by the client.
 */
export const API_ROUTES = [
  { method: 'GET', path: '/v1/regions' },
  { method: 'GET', path: '/v1/regions/{region}/profiles' },
  { method: 'GET', path: '/v1/regions/{region}/throughputs' },
  { method: 'GET', path: '/v1/models' },
  { method: 'GET', path: '/v1/models/{modelId}/profiles' },
  { method: 'GET', path: '/v1/models/{modelId}/regions' },
  { method: 'GET', path: '/v1/models/{modelId}/invoke-targets' },
  { method: 'GET', path: '/v1/profiles/{profileId}' },
  { method: 'GET', path: '/v1/profiles/{profileId}/model' },
  { method: 'POST', path: '/v1/scans' },
  { method: 'GET', path: '/v1/scans/{scanId}' },
  { method: 'GET', path: '/v1/changes' },
  { method: 'GET', path: '/v1/health' },
  { method: 'GET', path: '/openapi.json' },
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
export type ApiRouteKey = `${ApiRoute['method']} ${ApiRoute['path']}`;
