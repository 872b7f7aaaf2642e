import type { Lang, TPersonFields } from '@klub/contracts';
import type { EventRef } from '../integration/references.js';
import type { InteractionTypeRef, NewInteraction, SignupNotification, SignupPlace } from './interactions.js';
import type { BuiltinSlug } from './person-fields.js';

/** The rows a sign-up names by id (`null`: none, or an id that cannot name a row). */
export interface SignupRefs {
  eventId: number | null;
  unitId: number | null;
  locationId: number | null;
}

/** What `recordSignups` read for one sign-up (under its person's lock): each row, or `null` when missing. */
export interface SignupLookups {
  event: EventRef | null;
  questions: { q1: string; q2: string; q3: string; q4: string } | null;
  unit: { id: number } | null;
  location: { id: number } | null;
  type: InteractionTypeRef | null;
  /** The unit and event its notification names. */
  place: SignupPlace | null;
}

/** A valid sign-up, ready to write: its interaction (without person and type) and notification. */
export interface Signup extends Omit<NewInteraction, 'userId' | 'type' | 'lang'> {
  kind: SignupNotification['kind'];
  lang: Lang;
}

/**
 * One of the "unknown user" endpoints of api.md §8: which rows its input names, and the check of
 * its input against them. The reads and the write are `recordSignups`', shared by the three.
 */
export interface SignupKind<I extends TPersonFields, O = object> {
  typeSlug: BuiltinSlug;
  refs(input: I): SignupRefs;
  /** The sign-up to write, or a `ValidationError` with every field error of the input. */
  check(input: I, found: SignupLookups, opts: O & { lang: Lang }): Promise<Signup>;
}
