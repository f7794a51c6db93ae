/**
 * The catalog's public schemas without its clients (no AWS SDK): records, events, scan IDs and
 * the table layout. The API contract and infra import this subpath.
 */

export * from './account-targets.js';
export * from './aws-patterns.js';
export * from './events.js';
export * from './lazy-schema.js';
export * from './lifecycle.js';
export * from './pricing/price-records.js';
export * from './pricing/target-price.js';
export * from './probe-records.js';
export * from './quota-records.js';
export * from './records.js';
export * from './scan-id.js';
export * from './scan-state.js';
export * from './settings.js';
export * from './table.js';
export * from './usage-records.js';
