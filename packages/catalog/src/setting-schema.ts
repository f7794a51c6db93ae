import * as z from 'zod/mini';
import { describeSetting, isValidSetting, type NumericSetting } from './settings.js';

/**
 * An environment variable holding `setting` (in its unit): coerced from the string, checked
 * against the table's bounds and step, its default when unset. One message for every failure,
 * so a bad deployment reads `must be a whole number of samples from 1 to 1000`.
 */
export function settingSchema(setting: NumericSetting) {
  const message = `must be ${describeSetting(setting)}`;
  // Number(), as z.coerce.number calls it: z.coerce would bring its other coercions (bigint, date,
  // boolean) into every Lambda bundle, 1.3 KB.
  return z._default(
    z.pipe(
      z.string(message),
      z.pipe(
        z.transform(Number),
        z
          .number(message)
          .check(z.refine((value: number) => isValidSetting(setting, value), message)),
      ),
    ),
    setting.default,
  );
}
