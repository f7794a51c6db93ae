export * from './api-types.js';
export { ApiError } from './client.js';
export * from './errors.js';
export * from './format.js';
export { type Io, type RunOptions, run, USAGE } from './main.js';
export * from './transport.js';
