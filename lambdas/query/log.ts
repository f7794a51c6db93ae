import type { EdgeLogger } from '@bedrock-profile-catalog/query-api';

/**
 * The query function's logger on Lambda's JSON log format (the construct sets it): each entry is
 * one object handed to `console`, and the runtime writes it as the `message` of a JSON line with
 * `timestamp`, `level` and `requestId`, serialises errors (type, message, stack) and drops entries
 * below the function's application log level. No logging library in the bundle.
 */
export const logger: EdgeLogger = {
  info: (message, ...extra) => console.info(entry(message, extra)),
  warn: (message, ...extra) => console.warn(entry(message, extra)),
  error: (message, ...extra) => console.error(entry(message, extra)),
};

function entry(message: string, extra: unknown[]): Record<string, unknown> {
  return Object.assign({ message }, ...extra.filter((item) => typeof item === 'object'));
}
