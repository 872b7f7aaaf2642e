import type { EntityManager } from '@mikro-orm/postgresql';
import {
  emailSignupNotification,
  type JobPayload,
  type Lang,
  type TApplyForMembershipInput,
  type TSignUpForEventInput,
  type TUserIdOutput,
  type TVolunteerInput,
} from '@klub/contracts';
import { AppError } from '../errors.js';
import { enqueueAll, enqueueInStatement, payloadBeforeStatement } from '../outbox.js';
import { emailLock, emailLockKey, getOrCreateProfiles } from '../people/get-or-create-profile.js';
import { eventRefById, firstUnitOf, locationRefById, unitRefById } from '../integration/references.js';
import { enqueueInteractionEmail } from '../interactions/interaction-email.js';
import { inTransaction } from '../sql.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';
import { membershipSignup } from './apply-for-membership.js';
import {
  deliverableSignupNotification,
  INTERACTION_ROW,
  interactionInsert,
  interactionRow,
  interactionTypeBySlug,
  signupNotificationPayload,
  signupPlace,
  type InteractionTypeRef,
} from './interactions.js';
import { builtinInteractionType, personFieldsOf } from './person-fields.js';
import { eventSignup } from './sign-up-for-event.js';
import type { Signup, SignupKind, SignupLookups, SignupRefs } from './signup-kind.js';
import { volunteerSignup } from './volunteer.js';

/**
 * One request of the "unknown user" endpoints (api.md §8), validated against its zod schema.
 * `key` identifies the request across retries (see `recordSignups`' `recheck`).
 */
export type SignupCommand = { lang: Lang; key?: string } & (
  | { kind: 'event-signup'; input: TSignUpForEventInput }
  | { kind: 'volunteer'; input: TVolunteerInput; programTypes: readonly string[] }
  | { kind: 'membership'; input: TApplyForMembershipInput }
);

/** Each command's own answer: the person's id, or the error its request gets (e.g. a 400). */
export type SignupOutcome = { ok: true; value: TUserIdOutput } | { ok: false; error: AppError };

const KINDS = { 'event-signup': eventSignup, volunteer: volunteerSignup, membership: membershipSignup } as const;
const kindOf = (c: SignupCommand) => KINDS[c.kind] as SignupKind<SignupCommand['input'], object>;

/**
 * The public sign-ups of api.md §8.3–8.5, for one request or many at once: lock each person's
 * e-mail and read what the requests name (one statement), check each request, then get or create
 * every person, add the units, and write the interactions, the outbox rows and the requests'
 * receipts (one statement: `getOrCreateProfiles` with the sign-ups' CTEs). A request that fails its
 * checks gets its own error and writes nothing; the others go on. Runs in `em`'s transaction (or
 * its own): the locks hold until it ends.
 *
 * `recheck`: the commands may have been written already by a transaction whose COMMIT was sent
 * but never answered. Their receipts are read after their locks are held (that transaction, if it
 * is still alive, holds them until it ends), and a command found there gets its earlier answer
 * instead of a second interaction and e-mail.
 */
export function recordSignups(em: EntityManager, commands: readonly SignupCommand[], opts: { recheck?: boolean } = {}): Promise<SignupOutcome[]> {
  return inTransaction(em, async (tx) => {
    const found = await lockAndLookUp(tx, commands);
    const outcomes: Array<SignupOutcome | undefined> = [];
    const valid: Array<{ at: number; signup: Signup; found: SignupLookups }> = [];
    for (const [at, command] of commands.entries()) {
      try {
        valid.push({ at, signup: await kindOf(command).check(command.input, found[at]!, command), found: found[at]! });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes[at] = { ok: false, error };
      }
    }
    const answered = opts.recheck ? await receipts(tx, commands) : new Map<string, number>();
    const toWrite = valid.filter(({ at }) => {
      const userId = answered.get(commands[at]!.key ?? '');
      if (userId !== undefined) outcomes[at] = { ok: true, value: { user_id: userId } };
      return userId === undefined;
    });
    if (toWrite.length > 0) {
      const written = await writeSignups(
        tx,
        toWrite.map(({ at, signup, found }) => ({ command: commands[at]!, signup, found })),
      );
      toWrite.forEach(({ at }, i) => (outcomes[at] = { ok: true, value: { user_id: written[i]! } }));
    }
    return outcomes as SignupOutcome[];
  });
}

/** `recordSignups` for one request: its answer, or its error thrown. */
export async function recordSignup(em: EntityManager, command: SignupCommand): Promise<TUserIdOutput> {
  const [outcome] = await recordSignups(em, [command]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}

export const signUpForEvent = (em: EntityManager, input: TSignUpForEventInput, opts: { lang: Lang }) =>
  recordSignup(em, { kind: 'event-signup', input, lang: opts.lang });

export const volunteer = (em: EntityManager, input: TVolunteerInput, opts: { lang: Lang; programTypes: readonly string[] }) =>
  recordSignup(em, { kind: 'volunteer', input, ...opts });

export const applyForMembership = (em: EntityManager, input: TApplyForMembershipInput, opts: { lang: Lang }) =>
  recordSignup(em, { kind: 'membership', input, lang: opts.lang });

/** The columns of one command in the lookup statement (jsonb_to_recordset). */
const LOOKUP_ROW = raw('ord int, address text, type_slug text, event_id int, unit_id int, location_id int');

/**
 * Lock every command's e-mail, in `emailLockKey` order, and read, per command, the rows it names,
 * its interaction type and the unit and event its notification names. Nothing here reads a
 * person: this statement's snapshot predates the locks.
 */
async function lockAndLookUp(em: EntityManager, commands: readonly SignupCommand[]): Promise<SignupLookups[]> {
  const rows = commands.map((c, i) => ({
    ord: i + 1,
    address: c.input.email.trim().toLowerCase(),
    type_slug: kindOf(c).typeSlug,
    ...columnsOf(kindOf(c).refs(c.input)),
  }));
  const json = (select: Sql) => sql`(select row_to_json(r) from (${select}) r)`;
  const found = await run<SignupLookups[]>(
    em,
    sql`with c as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c(${LOOKUP_ROW})),
      locked as (
        select count(${emailLock(raw('a.address'))}::text) as n
          from (select address from (select distinct address from c) d order by ${emailLockKey(raw('d.address'))}) a
      )
    select ${json(eventRefById(raw('c.event_id')))} as event,
           ${json(sql`select additional_question_1 as q1, additional_question_2 as q2, additional_question_3 as q3,
                             additional_question_4 as q4 from event where id = c.event_id`)} as questions,
           ${json(unitRefById(raw('c.unit_id')))} as unit,
           ${json(locationRefById(raw('c.location_id')))} as location,
           ${json(interactionTypeBySlug(raw('c.type_slug')))} as type,
           ${json(signupPlace(sql`coalesce(c.unit_id, ${firstUnitOf(raw('c.event_id'))})`, raw('c.event_id')))} as place
      from c, locked order by c.ord`,
  );
  return found;
}

const columnsOf = (refs: SignupRefs) => ({ event_id: refs.eventId, unit_id: refs.unitId, location_id: refs.locationId });

/** The people already recorded for these commands' keys, by key (for `recheck`). */
async function receipts(em: EntityManager, commands: readonly SignupCommand[]): Promise<Map<string, number>> {
  const keys = commands.flatMap((c) => (c.key ? [c.key] : []));
  if (keys.length === 0) return new Map();
  const found = await run<Array<{ key: string; user_id: number }>>(
    em,
    sql`select key::text as key, user_id from signup_receipt where key::text in (${keys})`,
  );
  return new Map(found.map((r) => [r.key, r.user_id]));
}

/** Receipts are needed only while a request's answer is uncertain: a day is plenty. */
export async function pruneSignupReceipts(em: EntityManager): Promise<void> {
  await run(em, sql`delete from signup_receipt where created < now() - interval '1 day'`);
}

/** What the sign-ups' statement reads of each, besides the person. */
const SIGNUP_ROW = raw(`ord int, address text, payload jsonb, key uuid, ${INTERACTION_ROW.text}`);

interface SignupToWrite {
  command: SignupCommand;
  signup: Signup;
  found: SignupLookups;
}

/**
 * Get or create each person (§8.2), add the unit (§12.5), record the interaction, queue the
 * person's notification and keep the request's receipt, all in one statement. The notification
 * goes to the profile's primary address: when that is not the address signed up with (a known
 * person with another primary one), it is queued by one more statement, as is the e-mail of an
 * interaction type with `send_email` (§12.6). Returns the people's ids, in order.
 */
async function writeSignups(em: EntityManager, signups: readonly SignupToWrite[]): Promise<number[]> {
  const types: InteractionTypeRef[] = [];
  const rows: Array<Record<string, unknown>> = [];
  for (const [i, { command, signup: s, found }] of signups.entries()) {
    // The built-in types exist from start-up (D15); one deleted by an administrator is re-created.
    const type = found.type ?? (await builtinInteractionType(em, kindOf(command).typeSlug));
    const address = command.input.email.trim().toLowerCase();
    const payload = signupNotificationPayload(notificationOf(s, 0, 0), { email: address, firstName: '' }, found.place!);
    types.push(type);
    rows.push({
      ...interactionRow({ ...s, type }),
      ord: i + 1,
      address,
      key: command.key ?? null,
      payload: payloadBeforeStatement(emailSignupNotification, payload, ['profileId', 'firstName', 'interactionId']) ?? null,
    });
  }
  const queue = enqueueInStatement(
    emailSignupNotification,
    raw('r.payload'),
    { profileId: raw('person.id'), firstName: raw('person.first_name'), interactionId: raw('ia.id') },
    raw(`from person join signup r on r.ord = person.ord join interaction ia on ia.user_id = person.id
         where r.payload is not null and person.email = r.address`),
  );
  const profiles = await getOrCreateProfiles(
    em,
    signups.map(({ command, signup }) => ({
      fields: personFieldsOf(command.input),
      unitIds: [signup.unitId],
      lock: { address: command.input.email.trim().toLowerCase() },
    })),
    {
      with: sql`signup as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${SIGNUP_ROW})),
        interaction as (${interactionInsert(raw('from person join signup r on r.ord = person.ord'), raw('person.id'))}),
        notification as (${queue}),
        receipt as (insert into signup_receipt (key, user_id) select r.key, person.id from person join signup r on r.ord = person.ord
                    where r.key is not null)`,
      select: raw(`'interactionId', (select id from interaction where user_id = person.id),
        'queued', exists (select 1 from notification n where (n.payload->>'profileId')::int = person.id)`),
    },
  );
  const late: Array<JobPayload<typeof emailSignupNotification>> = [];
  for (const [i, profile] of profiles.entries()) {
    const { interactionId, queued } = profile.extra as { interactionId: number; queued: boolean };
    const { signup, found } = signups[i]!;
    if (types[i]!.sendEmail) await enqueueInteractionEmail(em, interactionId, signup.lang);
    const payload = queued ? undefined : deliverableSignupNotification(notificationOf(signup, profile.id, interactionId), profile, found.place!);
    if (payload) late.push(payload);
  }
  await enqueueAll(em, emailSignupNotification, late);
  return profiles.map((p) => p.id);
}

const notificationOf = (s: Signup, profileId: number, interactionId: number) => ({
  kind: s.kind,
  profileId,
  unitId: s.unitId,
  eventId: s.eventId,
  interactionId,
  lang: s.lang,
});
