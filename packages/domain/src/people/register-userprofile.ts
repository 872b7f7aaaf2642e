import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, pragueToday, type Lang, type TRegisterUserprofileInput, type TRegisterUserprofileOutput } from '@klub/contracts';
import { hashPassword } from '../auth/passwords.js';
import { ValidationError, type FieldErrors } from '../errors.js';
import { FieldErrorBag, requireEventBySlug, requireMoneyAccount, type EventRef, type MoneyAccountRef } from '../integration/references.js';
import { createDonorPaymentChannel } from '../payments/donor-payment-channel.js';
import { enqueueSignupNotification } from '../signups/interactions.js';
import { execute } from '../sql.js';
import { setPrimaryEmail, setPrimaryTelephone } from './contact-details.js';
import { findProfileIdByEmail, insertUserProfile, lockEmail } from './get-or-create-profile.js';
import { passwordProblems } from './password-policy.js';
import { addUnitsToProfile } from './unit-membership.js';

/**
 * `POST /api/register_userprofile/` (api.md §6.1), all or nothing: a user profile with its
 * primary e-mail (and telephone), the money account's unit, and a donor payment channel with a
 * new VS from the first `userchannels` item (the others are validated and ignored). The person's
 * confirmation is queued in the same transaction (operations.md §4).
 */
export async function registerUserProfile(
  em: EntityManager,
  input: TRegisterUserprofileInput,
  opts: { lang: Lang },
): Promise<TRegisterUserprofileOutput> {
  return em.transactional(async (tx) => {
    const errors: FieldErrors = {};
    const username = input.username?.trim() || null;
    await lockEmail(tx, input.email);
    if (username !== null) {
      const [taken] = await execute<Array<{ id: number }>>(tx, 'select id from profile where username = ?', [username]);
      if (taken) errors.username = [MSG.unique];
    }
    if (input.password !== undefined) {
      const problems = passwordProblems(input.password);
      if (problems.length) errors.password = problems;
    }
    if ((await findProfileIdByEmail(tx, input.email)) !== undefined) errors.email = [MSG.unique];
    else {
      const [orphan] = await execute(tx, 'select 1 from profile_email where lower(email) = ?', [input.email]);
      if (orphan) errors.email = [MSG.unique];
    }

    const channels: Array<{ account?: MoneyAccountRef; event?: EventRef }> = [];
    const itemErrors: FieldErrors[] = [];
    for (const item of input.userchannels) {
      const bag = new FieldErrorBag();
      const account = await requireMoneyAccount(tx, bag, 'money_account', item.money_account);
      const event = await requireEventBySlug(tx, bag, 'event', item.event);
      channels.push({ account, event });
      itemErrors.push(bag.errors);
    }
    if (itemErrors.some((e) => Object.keys(e).length)) errors.userchannels = itemErrors;
    if (Object.keys(errors).length) throw new ValidationError(errors);

    const first = input.userchannels[0]!;
    const { account, event } = channels[0] as { account: MoneyAccountRef; event: EventRef };
    const columns = {
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      password: input.password === undefined ? null : await hashPassword(input.password),
    };
    let id: number;
    if (username !== null) {
      const [row] = await execute<Array<{ id: number }>>(
        tx,
        `insert into profile (kind, username, first_name, last_name, password, created, updated, date_joined)
         values ('user', ?, ?, ?, ?, now(), now(), now()) on conflict (username) do nothing returning id`,
        [username, columns.first_name, columns.last_name, columns.password],
      );
      if (!row) throw ValidationError.field('username', MSG.unique);
      id = row.id;
    } else {
      id = await insertUserProfile(tx, input.email, columns);
    }
    await addUnitsToProfile(tx, id, [account.unitId], { source: 'signup', actorId: null });
    await setPrimaryEmail(tx, id, input.email);
    if (input.telephone) await setPrimaryTelephone(tx, id, input.telephone);
    const channel = await createDonorPaymentChannel(tx, {
      userId: id,
      moneyAccountId: account.id,
      unitId: account.unitId,
      eventId: event.id,
      vsPrefix: event.vsPrefix,
      regularAmount: first.regular_amount,
      regularFrequency: first.regular_frequency || null,
      regularPayments: 'regular',
      expectedDateOfFirstPayment: pragueToday(),
    });
    await enqueueSignupNotification(tx, { kind: 'registration', profileId: id, unitId: account.unitId, eventId: event.id, interactionId: null, lang: opts.lang });

    const [profile] = await execute<Array<{ username: string; first_name: string; last_name: string; email: string }>>(
      tx,
      'select username, first_name, last_name, email from profile where id = ?',
      [id],
    );
    return {
      ...profile!,
      userchannels: [
        {
          money_account: account.slug,
          event: event.slug ?? '',
          regular_amount: first.regular_amount,
          regular_frequency: first.regular_frequency || null,
          VS: channel.vs,
        },
      ],
    };
  });
}
