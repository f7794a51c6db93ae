import { ApiError, allPages as followPages } from '@bedrock-profile-catalog/query-api/client';
import type { ListPage, ScanAnswer } from './api-types.js';
import type { ApiRequest, Transport } from './transport.js';

export { ApiError };

/** One request; a 2xx answer's body, or an ApiError with the API's code and message. */
export async function call<T>(transport: Transport, request: ApiRequest): Promise<T> {
  const response = await transport.request(request);
  if (response.status >= 200 && response.status < 300) return response.body as T;
  throw ApiError.of(
    response.status,
    response.body,
    typeof response.body === 'string' ? response.body.slice(0, 200) : 'unexpected answer',
  );
}

/** Follows `nextCursor` (at most 50 pages) and returns every item. */
export function allPages<P extends ListPage>(
  transport: Transport,
  path: string,
  query: Record<string, string | undefined>,
): Promise<{ items: P['items'][number][]; catalogAsOf: string | null }> {
  return followPages<P['items'][number]>(
    path,
    (cursor) =>
      call<P>(transport, { method: 'GET', path, query: { ...query, limit: '100', cursor } }),
    50,
  );
}

/**
 * Polls GET /v1/scans/{id} until the scan is no longer running (10 min at most). A scan whose
 * scanner died reads `failed` (error `interrupted`) once its deadline passes, so this ends then.
 */
export async function waitForScan(
  transport: Transport,
  scanId: string,
  pollMs: number,
): Promise<ScanAnswer> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    try {
      const scan = await call<ScanAnswer>(transport, {
        method: 'GET',
        path: `/v1/scans/${encodeURIComponent(scanId)}`,
      });
      if (scan.status !== 'running') return scan;
    } catch (error) {
      // The scan record appears once the scanner has started; until then, 404.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`scan ${scanId} still running after 10 minutes`);
}
