import type { TApplyForMembershipInput } from '@klub/contracts';
import { checkById, FieldErrorBag, refId } from '../integration/references.js';
import type { SignupKind } from './signup-kind.js';

/** `POST /api/apply_for_membership/` (api.md §8.5): the person joins the unit and gets a `membership-application` interaction. */
export const membershipSignup: SignupKind<TApplyForMembershipInput> = {
  typeSlug: 'membership-application',
  refs: (input) => ({ eventId: null, unitId: refId(input.administrative_unit), locationId: null }),
  async check(input, found, opts) {
    const bag = new FieldErrorBag();
    const unit = await checkById(bag, 'administrative_unit', input.administrative_unit, async () => found.unit);
    bag.throwIfAny();
    return { kind: 'membership', eventId: null, unitId: unit!.id, dateFrom: new Date(), summary: '', skills: input.skills, lang: opts.lang };
  },
};
