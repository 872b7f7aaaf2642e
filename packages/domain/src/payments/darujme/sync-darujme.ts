import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addUnitsToProfile } from '../../people/unit-membership.js';
import { getOrCreateProfile } from '../../people/get-or-create-profile.js';
import { execute } from '../../sql.js';
import { checkPayments } from '../payment-check.js';
import { generateVariableSymbol } from '../variable-symbol.js';
import type { DarujmeClient, DarujmePledge } from './client.js';

/** The only transaction state that means money reached the organisation (jobs.md §7 step 3). */
export const DARUJME_PAID_STATE = 'sent_to_organization';

/** Model-level phone rule (domain.md §8): Czech/Slovak 9-digit numbers, optional +420/+421. */
const PHONE = /^\+?(42(0|1){1})?\s?\d{3}\s?\d{3}\s?\d{3}$/;

export interface DarujmeSyncOptions {
  /** DARUJME_EMAIL_AS_USERNAME: a new donor's username is the e-mail (else generated). */
  emailAsUsername?: boolean;
  /** Only these api money accounts (default: every active one). */
  moneyAccountIds?: number[];
  onAccountError?: (moneyAccountId: number, error: Error) => void;
}

export interface DarujmeAccountResult {
  moneyAccountId: number;
  pledges: number;
  donors: number;
  newPayments: number;
  /** The `darujme` account statement that holds the new payments, if any. */
  accountStatementId: number | null;
  error?: string;
}

interface ApiAccount {
  id: number;
  administrative_unit_id: number;
  event_id: number;
  variable_symbol_prefix: number | null;
  api_organization_id: number | null;
  api_id: number | null;
  api_secret: string | null;
  project_id: number | null;
}

/** `2014-1-16T00:00:00+01:00` → `2014-01-16`: the calendar date as written, in its own offset. */
export function darujmeDate(raw: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(raw ?? '');
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** Idempotency key of a Darujme transaction, in the same column as the bank lines' keys. */
function lineKey(pledgeId: string, transactionId: string): string {
  return createHash('sha256').update(`darujme\u001f${pledgeId}\u001f${transactionId}`).digest('hex');
}

/**
 * The Darujme.cz import (job `payments.darujme-sync`, jobs.md §7): for every active api money
 * account, pull its pledges and, in one transaction per account, book each new
 * `sent_to_organization` transaction as a `darujme` payment, upsert the donor (profile by e-mail
 * filling only empty fields, unit membership, phone, the channel of the account's event) and pair
 * the payments to that channel; new payments are gathered into one `darujme` account statement.
 * A payment already booked (type, SS = pledge, operation id = transaction) is skipped, so
 * re-runs change nothing. An account whose API call fails is skipped and reported.
 */
export async function syncDarujme(
  em: EntityManager,
  client: DarujmeClient,
  options: DarujmeSyncOptions = {},
): Promise<DarujmeAccountResult[]> {
  const filter = options.moneyAccountIds?.length ? 'and m.id in (?)' : '';
  const accounts = await execute<ApiAccount[]>(
    em,
    `select m.id, m.administrative_unit_id, m.event_id, e.variable_symbol_prefix,
            m.api_organization_id, m.api_id, m.api_secret, m.project_id
       from money_account m join event e on e.id = m.event_id
      where m.kind = 'api' and m.is_active ${filter} order by m.id`,
    options.moneyAccountIds?.length ? [options.moneyAccountIds] : [],
  );
  const results: DarujmeAccountResult[] = [];
  for (const account of accounts) {
    const result: DarujmeAccountResult = {
      moneyAccountId: account.id,
      pledges: 0,
      donors: 0,
      newPayments: 0,
      accountStatementId: null,
    };
    try {
      if (
        account.api_organization_id === null ||
        account.api_id === null ||
        !account.api_secret ||
        account.project_id === null
      ) {
        throw new Error('the api account lacks api_organization_id, api_id, api_secret or project_id');
      }
      const pledges = await client.pledges({
        apiOrganizationId: account.api_organization_id,
        apiId: account.api_id,
        apiSecret: account.api_secret,
        projectId: account.project_id,
      });
      result.pledges = pledges.length;
      await em.transactional(async (tx) => {
        const created: number[] = [];
        const channels: number[] = [];
        for (const pledge of pledges) {
          const outcome = await importPledge(tx, account, pledge, options);
          if (outcome.isDonor) result.donors += 1;
          created.push(...outcome.newPaymentIds);
          if (outcome.channelId !== null) channels.push(outcome.channelId);
        }
        if (created.length > 0) {
          const [statement] = await execute<Array<{ id: number }>>(
            tx,
            `insert into account_statement (type, administrative_unit_id, status, progress, payments_total, payments_paired,
                                            import_date, csv_file, pair_log, errors)
             values ('darujme', ?, 'done', 100, ?, ?, now(), '', '', '[]') returning id`,
            [account.administrative_unit_id, created.length, created.length],
          );
          await execute(tx, 'update payment set account_statement_id = ? where id in (?)', [statement!.id, created]);
          result.accountStatementId = statement!.id;
        }
        result.newPayments = created.length;
        await checkPayments(tx, { scope: { kind: 'channels', ids: [...new Set(channels)] } });
      });
    } catch (err) {
      result.error = (err as Error).message;
      options.onAccountError?.(account.id, err as Error);
    }
    results.push(result);
  }
  return results;
}

async function importPledge(
  tx: EntityManager,
  account: ApiAccount,
  pledge: DarujmePledge,
  options: DarujmeSyncOptions,
): Promise<{ isDonor: boolean; newPaymentIds: number[]; channelId: number | null }> {
  const email = pledge.donor.email?.trim() ?? '';
  if (email === '') return { isDonor: false, newPaymentIds: [], channelId: null };
  const name = `${pledge.donor.firstName ?? ''} ${pledge.donor.lastName ?? ''}`;
  let isDonor = false;
  const newPaymentIds: number[] = [];
  for (const t of pledge.transactions) {
    if (t.state !== DARUJME_PAID_STATE) continue;
    const [existing] = await execute<Array<{ id: number }>>(
      tx,
      `select id from payment where type = 'darujme' and ss = ? and operation_id = ? limit 1`,
      [pledge.pledgeId, t.transactionId],
    );
    if (existing) {
      isDonor = true;
      continue;
    }
    const date = darujmeDate(t.receivedAt);
    if (date === null || !t.sentAmount) continue;
    const [row] = await execute<Array<{ id: number }>>(
      tx,
      `insert into payment (type, ss, operation_id, date, amount, account_name, user_identification, recipient_account_id,
                            custom_fields, line_key, our_note, account, bank_code, ks, done_by, bank_name, created, updated)
       values ('darujme', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, '', '', '', '', '', '', now(), now())
       on conflict (line_key) do nothing returning id`,
      [
        pledge.pledgeId,
        t.transactionId,
        date,
        Math.trunc(t.sentAmount.cents / 100),
        name.slice(0, 200),
        // The column is 50 characters (jobs.md §10); longer addresses are cut, not refused.
        email.slice(0, 50),
        account.id,
        JSON.stringify(pledge.customFields ?? {}),
        lineKey(pledge.pledgeId, t.transactionId),
      ],
    );
    isDonor = true;
    if (row) newPaymentIds.push(row.id);
  }
  if (!isDonor) return { isDonor, newPaymentIds, channelId: null };

  const address = pledge.donor.address ?? {};
  const profile = await getOrCreateProfile(
    tx,
    {
      email,
      firstName: pledge.donor.firstName ?? '',
      lastName: pledge.donor.lastName ?? '',
      street: address.street ?? '',
      city: address.city ?? '',
      zipCode: address.postCode ?? '',
    },
    { username: options.emailAsUsername ? 'email' : 'numbered', joinedBy: { source: 'import', actorId: null } },
  );
  const country = address.country ?? '';
  if (profile.created) {
    // A new Darujme donor's country starts empty, then takes the pledge's.
    await execute(tx, 'update profile set country = ? where id = ?', [country, profile.id]);
  } else if (country) {
    await execute(tx, `update profile set country = ? where id = ? and country = ''`, [country, profile.id]);
  }
  await addUnitsToProfile(tx, profile.id, [account.administrative_unit_id], { source: 'import', actorId: null });

  const phone = (pledge.donor.phone ?? '').replace(/\s/g, '');
  if (phone && PHONE.test(phone)) {
    await execute(
      tx,
      `insert into telephone (telephone, is_primary, note, user_id)
       select ?, null, '', ? where not exists (select 1 from telephone where user_id = ? and telephone = ?)`,
      [phone, profile.id, profile.id, phone],
    );
  }

  const channel = {
    frequency: pledge.isRecurrent ? 'monthly' : null,
    regular: pledge.isRecurrent ? 'regular' : 'onetime',
    amount: Math.trunc(pledge.pledgedAmount.cents / 100),
    first: darujmeDate(pledge.pledgedAt),
    end: darujmeDate(pledge.lastTransactionExpectedOn),
  };
  const [existingChannel] = await execute<Array<{ id: number }>>(
    tx,
    'select id from donor_payment_channel where user_id = ? and event_id = ?',
    [profile.id, account.event_id],
  );
  let channelId: number;
  if (existingChannel) {
    channelId = existingChannel.id;
    await execute(
      tx,
      `update donor_payment_channel
          set regular_frequency = ?, regular_payments = ?, regular_amount = ?, expected_date_of_first_payment = ?,
              end_of_regular_payments = ?, money_account_id = ?, administrative_unit_id = ?
        where id = ?`,
      [
        channel.frequency,
        channel.regular,
        channel.amount,
        channel.first,
        channel.end,
        account.id,
        account.administrative_unit_id,
        channelId,
      ],
    );
  } else {
    const vs = await generateVariableSymbol(tx, account.administrative_unit_id, account.variable_symbol_prefix);
    const [inserted] = await execute<Array<{ id: number }>>(
      tx,
      `insert into donor_payment_channel (vs, user_id, event_id, money_account_id, administrative_unit_id, regular_frequency,
                                          regular_payments, regular_amount, expected_date_of_first_payment,
                                          end_of_regular_payments, registered_support)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
      [
        vs,
        profile.id,
        account.event_id,
        account.id,
        account.administrative_unit_id,
        channel.frequency,
        channel.regular,
        channel.amount,
        channel.first,
        channel.end,
      ],
    );
    channelId = inserted!.id;
  }
  if (newPaymentIds.length) {
    await execute(tx, 'update payment set user_donor_payment_channel_id = ? where id in (?)', [
      channelId,
      newPaymentIds,
    ]);
  }
  return { isDonor, newPaymentIds, channelId };
}
