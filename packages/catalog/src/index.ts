export * from './keys.js';
export * from './records.js';
export * from './snapshot.js';
export * from './table.js';
