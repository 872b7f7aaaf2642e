import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, type Lang, type TUserIdOutput, type TVolunteerInput } from '@klub/contracts';
import { checkById, eventRefById, FieldErrorBag, locationRefById, refId, unitRefById, type EventRef } from '../integration/references.js';
import { idParam, lockSignup, recordSignup } from './record-signup.js';
import { inTransaction } from '../sql.js';

/**
 * `POST /api/volunteer/` (api.md §8.4): get or create the person, add the unit, record a
 * `volunteer` interaction (with skills and the event, D28; the location is only validated) and
 * queue their confirmation.
 */
export async function volunteer(
  em: EntityManager,
  input: TVolunteerInput,
  opts: { lang: Lang; programTypes: readonly string[] },
): Promise<TUserIdOutput> {
  return inTransaction(em, async (tx) => {
    const unitRef = refId(input.administrative_unit);
    const eventRef = input.event === undefined ? null : refId(input.event);
    const lock = await lockSignup<{ unit: { id: number }; event: EventRef; location: { id: number } }>(
      tx,
      input,
      { unit: unitRefById(unitRef), event: eventRefById(eventRef), location: locationRefById(input.location === undefined ? null : refId(input.location)) },
      { typeSlug: 'volunteer', unit: idParam(unitRef), eventId: idParam(eventRef) },
    );
    const bag = new FieldErrorBag();
    const unit = await checkById(bag, 'administrative_unit', input.administrative_unit, async () => lock.unit);
    const event = input.event === undefined ? undefined : await checkById(bag, 'event', input.event, async () => lock.event);
    if (input.location !== undefined) await checkById(bag, 'location', input.location, async () => lock.location);
    for (const program of input.program_of_interest ?? []) {
      if (!opts.programTypes.includes(program)) bag.add('program_of_interest', MSG.invalidChoice(program));
    }
    bag.throwIfAny();

    return recordSignup(tx, lock, input, {
      kind: 'volunteer',
      typeSlug: 'volunteer',
      eventId: event?.id ?? null,
      unitId: unit!.id,
      dateFrom: new Date(),
      summary: input.summary ?? '',
      skills: input.skills,
      programOfInterest: [...new Set(input.program_of_interest ?? [])],
      lang: opts.lang,
    });
  });
}
