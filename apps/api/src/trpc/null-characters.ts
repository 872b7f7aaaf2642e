import { z } from 'zod';
import { nullCharacterIssues } from '@klub/contracts';
import { TRPCError } from './init.js';

/**
 * Refuse a call whose raw input holds U+0000 anywhere (issue 15), before the input parser and
 * the resolver see it. The issues travel as a zod error, so both transports answer them as any
 * other validation failure: DRF's `400 {"field": ["Null characters are not allowed."]}`, and
 * on REST a path parameter holding one would be the 404 of a malformed one (api.md §1.1).
 * (`ZodRealError` is the class zod throws, an `Error`; `ZodError` is not, and tRPC would hide
 * its issues.)
 */
export async function refuseNullCharacters(getRawInput: () => Promise<unknown>): Promise<void> {
  const issues = nullCharacterIssues(await getRawInput());
  if (issues.length) throw new TRPCError({ code: 'BAD_REQUEST', cause: new z.ZodRealError(issues) });
}
