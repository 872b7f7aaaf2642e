import { MSG, type TVolunteerInput } from '@klub/contracts';
import { checkById, FieldErrorBag, refId } from '../integration/references.js';
import type { SignupKind } from './signup-kind.js';

/**
 * `POST /api/volunteer/` (api.md §8.4): the person joins the unit and gets a `volunteer`
 * interaction (with skills, programs of interest and the event, D28; the location is only
 * validated).
 */
export const volunteerSignup: SignupKind<TVolunteerInput, { programTypes: readonly string[] }> = {
  typeSlug: 'volunteer',
  refs: (input) => ({
    eventId: input.event === undefined ? null : refId(input.event),
    unitId: refId(input.administrative_unit),
    locationId: input.location === undefined ? null : refId(input.location),
  }),
  async check(input, found, opts) {
    const bag = new FieldErrorBag();
    const unit = await checkById(bag, 'administrative_unit', input.administrative_unit, async () => found.unit);
    const event = input.event === undefined ? undefined : await checkById(bag, 'event', input.event, async () => found.event);
    if (input.location !== undefined) await checkById(bag, 'location', input.location, async () => found.location);
    for (const program of input.program_of_interest ?? []) {
      if (!opts.programTypes.includes(program)) bag.add('program_of_interest', MSG.invalidChoice(program));
    }
    bag.throwIfAny();
    return {
      kind: 'volunteer',
      eventId: event?.id ?? null,
      unitId: unit!.id,
      dateFrom: new Date(),
      summary: input.summary ?? '',
      skills: input.skills,
      programOfInterest: [...new Set(input.program_of_interest ?? [])],
      lang: opts.lang,
    };
  },
};
