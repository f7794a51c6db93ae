export * from './classify.js';
export * from './identity.js';
export * from './model-aliases.js';
export * from './price-reader.js';
export * from './price-records.js';
export * from './price-store.js';
export * from './row.js';
export * from './target-price.js';
