export * from './backends.js';
export * from './format.js';
export { ApiError, DEFAULT_URL, type Io, parseSince, type RunOptions, run, USAGE } from './main.js';
