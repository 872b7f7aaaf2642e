import { MSG } from '@klub/contracts';
import { ValidationError } from '../../errors.js';

/** Program values are deployment configuration (domain.md §8), so zod cannot list them. */
export function checkPrograms(field: string, values: readonly string[], programTypes: readonly string[], allowBlank: boolean): void {
  for (const v of values) {
    if ((v === '' && allowBlank) || programTypes.includes(v)) continue;
    throw ValidationError.field(field, MSG.invalidChoice(v));
  }
}
