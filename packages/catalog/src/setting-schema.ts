import * as z from 'zod/mini';
import { describeSetting, isValidSetting, type NumericSetting } from './settings.js';

/**
 * An environment variable holding `setting` (in its unit): coerced from the string, checked
 * against the table's bounds and step, its default when unset. One message for every failure,
 * so a bad deployment reads `must be a whole number of samples from 1 to 1000`.
 */
export function settingSchema(setting: NumericSetting) {
  const message = `must be ${describeSetting(setting)}`;
  return z._default(
    z.coerce
      .number(message)
      .check(z.refine((value: number) => isValidSetting(setting, value), message)),
    setting.default,
  );
}
