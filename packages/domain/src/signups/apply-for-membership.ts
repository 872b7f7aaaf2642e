import type { EntityManager } from '@mikro-orm/postgresql';
import type { Lang, TApplyForMembershipInput, TUserIdOutput } from '@klub/contracts';
import { checkById, FieldErrorBag, refId, unitRefById } from '../integration/references.js';
import { idParam, lockSignup, recordSignup } from './record-signup.js';
import { inTransaction } from '../sql.js';

/**
 * `POST /api/apply_for_membership/` (api.md §8.5): get or create the person, add the unit,
 * record a `membership-application` interaction and queue their confirmation.
 */
export async function applyForMembership(em: EntityManager, input: TApplyForMembershipInput, opts: { lang: Lang }): Promise<TUserIdOutput> {
  return inTransaction(em, async (tx) => {
    const unitRef = refId(input.administrative_unit);
    const lock = await lockSignup<{ unit: { id: number } }>(tx, input, { unit: unitRefById(unitRef) }, {
      typeSlug: 'membership-application',
      unit: idParam(unitRef),
      eventId: idParam(null),
    });
    const bag = new FieldErrorBag();
    const unit = await checkById(bag, 'administrative_unit', input.administrative_unit, async () => lock.unit);
    bag.throwIfAny();

    return recordSignup(tx, lock, input, {
      kind: 'membership',
      typeSlug: 'membership-application',
      eventId: null,
      unitId: unit!.id,
      dateFrom: new Date(),
      summary: '',
      skills: input.skills,
      lang: opts.lang,
    });
  });
}
