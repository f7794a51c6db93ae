import type { ListPage, ScanAnswer } from './api-types.js';
import type { ApiRequest, Transport } from './transport.js';

/** The API answered with an error: its code and message, exit code 1. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One request; a 2xx answer's body, or an ApiError with the API's code and message. */
export async function call<T>(transport: Transport, request: ApiRequest): Promise<T> {
  const response = await transport.request(request);
  if (response.status >= 200 && response.status < 300) return response.body as T;
  // Read defensively: a proxy in front of the API may answer with anything.
  const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ??
      (typeof response.body === 'string' ? response.body.slice(0, 200) : 'unexpected answer'),
  );
}

/** Follows `nextCursor` (at most 50 pages) and returns every item. */
export async function allPages<P extends ListPage>(
  transport: Transport,
  path: string,
  query: Record<string, string | undefined>,
): Promise<{ items: P['items'][number][]; catalogAsOf: string | null }> {
  const items: P['items'][number][] = [];
  let cursor: string | undefined;
  let catalogAsOf: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await call<P>(transport, {
      method: 'GET',
      path,
      query: { ...query, limit: '100', cursor },
    });
    items.push(...page.items);
    catalogAsOf = page.catalogAsOf ?? catalogAsOf;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { items, catalogAsOf };
}

/** Polls GET /v1/scans/{id} until the scan is no longer running (10 min at most). */
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
