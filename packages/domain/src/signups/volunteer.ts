import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, type Lang, type TUserIdOutput, type TVolunteerInput } from '@klub/contracts';
import { eventById, FieldErrorBag, locationById, unitById } from '../integration/references.js';
import { getOrCreateProfile } from '../people/get-or-create-profile.js';
import { addUnitsToProfile } from '../people/unit-membership.js';
import { createInteraction, enqueueSignupNotification } from './interactions.js';
import { builtinInteractionType, personFieldsOf } from './person-fields.js';

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
  return em.transactional(async (tx) => {
    const bag = new FieldErrorBag();
    const unit = await unitById(tx, bag, 'administrative_unit', input.administrative_unit);
    const event = input.event === undefined ? undefined : await eventById(tx, bag, 'event', input.event);
    if (input.location !== undefined) await locationById(tx, bag, 'location', input.location);
    for (const program of input.program_of_interest ?? []) {
      if (!opts.programTypes.includes(program)) bag.add('program_of_interest', MSG.invalidChoice(program));
    }
    bag.throwIfAny();

    const profile = await getOrCreateProfile(tx, personFieldsOf(input));
    await addUnitsToProfile(tx, profile.id, [unit!.id]);
    const type = await builtinInteractionType(tx, 'volunteer');
    const interactionId = await createInteraction(tx, {
      userId: profile.id,
      type,
      eventId: event?.id ?? null,
      unitId: unit!.id,
      dateFrom: new Date(),
      summary: input.summary ?? '',
      skills: input.skills,
      programOfInterest: [...new Set(input.program_of_interest ?? [])],
      lang: opts.lang,
    });
    await enqueueSignupNotification(tx, {
      kind: 'volunteer',
      profileId: profile.id,
      unitId: unit!.id,
      eventId: event?.id ?? null,
      interactionId,
      lang: opts.lang,
    });
    return { user_id: profile.id };
  });
}
