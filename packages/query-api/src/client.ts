/**
 * What every caller of the API shares (the CLI, the explorer page, the query service's own
 * multi-page reads): the error an answer carries, and following `nextCursor`. No imports, so the
 * browser bundle can take it as it is.
 */

/** The API answered with an error: its status, machine-readable code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** From an error answer's body, read defensively: a proxy in front may answer with anything. */
  static of(status: number, body: unknown, fallback: string): ApiError {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return new ApiError(
      status,
      typeof error?.code === 'string' ? error.code : `HTTP_${status}`,
      typeof error?.message === 'string' ? error.message : fallback,
    );
  }
}

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
  catalogAsOf?: string | null;
}

/**
 * Every item of a paged read, following `nextCursor`. Bounded, and loud past the bound: a
 * silently truncated list would drop what sorts last (geo and global targets, late regions).
 * `catalogAsOf` is the oldest any page reported.
 */
export async function allPages<T>(
  what: string,
  read: (cursor: string | undefined) => Promise<PageOf<T>>,
  maxPages = 100,
): Promise<{ items: T[]; catalogAsOf: string | null }> {
  const items: T[] = [];
  let catalogAsOf: string | null = null;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await read(cursor);
    items.push(...result.items);
    const asOf = result.catalogAsOf ?? null;
    if (asOf !== null && (catalogAsOf === null || asOf < catalogAsOf)) catalogAsOf = asOf;
    if (!result.nextCursor) return { items, catalogAsOf };
    cursor = result.nextCursor;
  }
  throw new Error(`${what}: more than ${maxPages} pages`);
}
