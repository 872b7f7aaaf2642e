import type { EntityManager } from '@mikro-orm/postgresql';
import type { Lang, TApplyForMembershipInput, TUserIdOutput } from '@klub/contracts';
import { FieldErrorBag, unitById } from '../integration/references.js';
import { getOrCreateProfile } from '../people/get-or-create-profile.js';
import { addUnitsToProfile } from '../people/unit-membership.js';
import { createInteraction, enqueueSignupNotification } from './interactions.js';
import { builtinInteractionType, personFieldsOf } from './person-fields.js';

/**
 * `POST /api/apply_for_membership/` (api.md §8.5): get or create the person, add the unit,
 * record a `membership-application` interaction and queue their confirmation.
 */
export async function applyForMembership(em: EntityManager, input: TApplyForMembershipInput, opts: { lang: Lang }): Promise<TUserIdOutput> {
  return em.transactional(async (tx) => {
    const bag = new FieldErrorBag();
    const unit = await unitById(tx, bag, 'administrative_unit', input.administrative_unit);
    bag.throwIfAny();

    const profile = await getOrCreateProfile(tx, personFieldsOf(input));
    await addUnitsToProfile(tx, profile.id, [unit!.id]);
    const type = await builtinInteractionType(tx, 'membership-application');
    const interactionId = await createInteraction(tx, {
      userId: profile.id,
      type,
      eventId: null,
      unitId: unit!.id,
      dateFrom: new Date(),
      summary: '',
      skills: input.skills,
      lang: opts.lang,
    });
    await enqueueSignupNotification(tx, {
      kind: 'membership',
      profileId: profile.id,
      unitId: unit!.id,
      eventId: null,
      interactionId,
      lang: opts.lang,
    });
    return { user_id: profile.id };
  });
}
