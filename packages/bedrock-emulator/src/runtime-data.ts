import type { RuntimeConfig } from './runtime.js';

/**
 * The runtime's default behaviour: a few targets with distinct times to first token (so a
 * latency ranking has something to order), one that refuses the flex tier, and one imported-style
 * cold start. Everything else answers after `defaultTtftMs`.
 */
export const DEFAULT_RUNTIME: RuntimeConfig = {
  defaultTtftMs: 60,
  targets: {
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0': { ttftMs: 180, unsupportedTiers: ['flex'] },
    'global.anthropic.claude-sonnet-4-5-20250929-v1:0': { ttftMs: 140 },
    'anthropic.claude-haiku-4-5-20251001-v1:0': { ttftMs: 90 },
    'us.anthropic.claude-haiku-4-5-20251001-v1:0': { ttftMs: 110 },
    'amazon.nova-lite-v1:0': { ttftMs: 45, unsupportedTiers: ['priority'] },
  },
};
