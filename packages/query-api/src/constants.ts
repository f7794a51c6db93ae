// Plain values the router, the service and the response schemas share. Kept out of schemas.ts so
// the query Lambda can import them without building the response schemas at load.

/** Target scopes in rank order: where a request may be served, narrowest first. */
export const TARGET_SCOPES = ['in-region', 'application', 'geo', 'global'] as const;

/**
 * invoke-targets orders: `scope` (the rule order, default), `latency` (measured p50 first) or
 * `price` (standard-tier input plus output per million tokens, cheapest first).
 */
export const TARGET_RANKS = ['scope', 'latency', 'price'] as const;

/** How many of the newest scans /v1/health looks at for interrupted ones (one Query). */
export const RECENT_SCANS_CHECKED = 20;

/**
 * The catalog snapshot's format version (schemas.ts `Snapshot`). Its objects are closed (a reader
 * refuses a field it does not know), so any change, an added optional field too, bumps it.
 * 2: every target carries `price`.
 */
export const SNAPSHOT_FORMAT_VERSION = 2;
