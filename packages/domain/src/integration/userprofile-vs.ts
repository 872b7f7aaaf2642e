import type { EntityManager } from '@mikro-orm/postgresql';
import { pragueToday, type TUserProfileVsInput, type TVsOutput } from '@klub/contracts';
import { addDays } from '../payments/calendar.js';
import { getOrCreateDonorPaymentChannel } from '../payments/donor-payment-channel.js';
import { getOrCreateProfile } from '../people/get-or-create-profile.js';
import { addUnitsToProfile } from '../people/unit-membership.js';
import { FieldErrorBag, requireEventBySlug, requireMoneyAccount, type EventRef, type MoneyAccountRef } from './references.js';

/** The money account and event of a VS request; both unknown slugs are reported together. */
export async function donationTargets(em: EntityManager, input: { money_account: string; event: string }) {
  const bag = new FieldErrorBag();
  const account = await requireMoneyAccount(em, bag, 'money_account', input.money_account);
  const event = await requireEventBySlug(em, bag, 'event', input.event);
  bag.throwIfAny();
  return { account: account as MoneyAccountRef, event: event as EventRef };
}

/** The channel of api.md §9.3 step 3 / §9.4 step 5 for `ownerId`; an existing one is kept as it is. */
export async function donationChannelVs(
  em: EntityManager,
  ownerId: number,
  targets: { account: MoneyAccountRef; event: EventRef },
  input: { amount: number; regular?: boolean },
): Promise<TVsOutput> {
  const channel = await getOrCreateDonorPaymentChannel(em, {
    userId: ownerId,
    moneyAccountId: targets.account.id,
    unitId: targets.account.unitId,
    eventId: targets.event.id,
    vsPrefix: targets.event.vsPrefix,
    regularAmount: input.amount,
    regularFrequency: null,
    regularPayments: input.regular ? 'regular' : 'onetime',
    expectedDateOfFirstPayment: addDays(pragueToday(), 3),
  });
  return { VS: channel.vs };
}

/**
 * `POST /api/userprofile/vs/` (api.md §9.3): get or create the person by e-mail (with the
 * `sex` rule), add the money account's unit, and get or create their channel for the event.
 * No e-mail is sent (§12.6).
 */
export async function userProfileVs(em: EntityManager, input: TUserProfileVsInput): Promise<TVsOutput> {
  return em.transactional(async (tx) => {
    const targets = await donationTargets(tx, input);
    const profile = await getOrCreateProfile(tx, {
      email: input.email,
      firstName: input.first_name,
      lastName: input.last_name,
      street: input.street,
      city: input.city,
      zipCode: input.zip_code,
      ageGroup: input.age_group,
      birthMonth: input.birth_month,
      birthDay: input.birth_day,
      telephone: input.telephone,
      sex: input.sex,
    });
    await addUnitsToProfile(tx, profile.id, [targets.account.unitId], { source: 'signup', actorId: null });
    return donationChannelVs(tx, profile.id, targets, input);
  });
}
