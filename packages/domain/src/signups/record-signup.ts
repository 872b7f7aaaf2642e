import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSignupNotification, type Lang, type TPersonFields, type TUserIdOutput } from '@klub/contracts';
import { combined } from '../batched-transactions.js';
import { enqueueInStatement, payloadBeforeStatement } from '../outbox.js';
import { getOrCreateProfiles, lockEmail, type EmailLock } from '../people/get-or-create-profile.js';
import { raw, sql, type Sql } from '../sql-fragment.js';
import {
  afterInteractionInsert,
  INTERACTION_ROW,
  interactionInsert,
  interactionRow,
  interactionTypeBySlug,
  queueSignupNotification,
  signupNotificationPayload,
  signupPlace,
  type InteractionTypeRef,
  type NewInteraction,
  type SignupNotification,
  type SignupPlace,
} from './interactions.js';
import { builtinInteractionType, personFieldsOf, type BuiltinSlug } from './person-fields.js';

type SignupLock<T> = EmailLock & { [K in keyof T]: T[K] | null } & { type: InteractionTypeRef | null; place: SignupPlace | null };

/**
 * Step one of the "unknown user" endpoints (api.md §8): lock the person's e-mail and read, in
 * the same round trip, what the endpoint validates (`lookups`), the interaction type and the
 * unit and event its notification names. `unit` and `eventId` are SQL expressions.
 */
export function lockSignup<T extends Record<string, unknown>>(
  em: EntityManager,
  input: TPersonFields,
  lookups: { [K in keyof T]: Sql },
  s: { typeSlug: BuiltinSlug; unit: Sql; eventId: Sql },
): Promise<SignupLock<T>> {
  return lockEmail<T & { type: InteractionTypeRef; place: SignupPlace }>(em, input.email, {
    ...lookups,
    type: interactionTypeBySlug(s.typeSlug),
    place: signupPlace(s.unit, s.eventId),
  });
}

export interface Signup extends Omit<NewInteraction, 'userId' | 'type' | 'lang'> {
  kind: SignupNotification['kind'];
  typeSlug: BuiltinSlug;
  lang: Lang;
}

/**
 * Step two, once the request is valid: get or create the person (§8.2), add the unit (§12.5),
 * record the interaction and queue the person's notification into the outbox, all in one
 * statement, shared with the other sign-ups of a batch (`recordSignups`).
 */
export function recordSignup<T>(em: EntityManager, lock: SignupLock<T>, input: TPersonFields, s: Signup): Promise<TUserIdOutput> {
  return combined(em, recordSignups, { lock, input, signup: s });
}

interface SignupToRecord {
  lock: SignupLock<Record<string, unknown>>;
  input: TPersonFields;
  signup: Signup;
}

/** What the sign-ups' statement reads of each, besides the person. */
const SIGNUP_ROW = raw(`ord int, address text, payload jsonb, ${INTERACTION_ROW.text}`);

/**
 * `recordSignup` for several sign-ups in one statement. The notification goes to the profile's
 * primary address: when that is not the address signed up with (a known person with another
 * primary one), it is queued afterwards.
 */
export async function recordSignups(em: EntityManager, signups: SignupToRecord[]): Promise<TUserIdOutput[]> {
  const interactions: Array<Omit<NewInteraction, 'userId'>> = [];
  const notifications: SignupNotification[] = [];
  const rows: Array<Record<string, unknown>> = [];
  for (const [i, { lock, signup: s }] of signups.entries()) {
    // The built-in types exist from start-up (D15); one deleted by an administrator is re-created.
    const type = lock.type ?? (await builtinInteractionType(em, s.typeSlug));
    const interaction = { ...s, type };
    const notification = { kind: s.kind, profileId: 0, unitId: s.unitId, eventId: s.eventId, interactionId: 0, lang: s.lang };
    const payload = signupNotificationPayload(notification, { email: lock.address, firstName: '' }, lock.place!);
    interactions.push(interaction);
    notifications.push(notification);
    rows.push({
      ...interactionRow(interaction),
      ord: i + 1,
      address: lock.address,
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
    signups.map(({ lock, input, signup }) => ({ fields: personFieldsOf(input), unitIds: [signup.unitId], lock })),
    {
      with: sql`signup as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${SIGNUP_ROW})),
        interaction as (${interactionInsert(raw('from person join signup r on r.ord = person.ord'), raw('person.id'))}),
        notification as (${queue})`,
      select: raw(`'interactionId', (select id from interaction where user_id = person.id),
        'queued', exists (select 1 from notification n where (n.payload->>'profileId')::int = person.id)`),
    },
  );
  // Together: in a batch, their statements (an interaction type's e-mail) then go in one round.
  return Promise.all(
    profiles.map(async (profile, i) => {
      const { interactionId, queued } = profile.extra as { interactionId: number; queued: boolean };
      await afterInteractionInsert(em, interactions[i]!, interactionId);
      if (!queued) queueSignupNotification(em, { ...notifications[i]!, profileId: profile.id, interactionId }, profile, signups[i]!.lock.place!);
      return { user_id: profile.id };
    }),
  );
}

/** An id (or null) as an SQL expression for `lockSignup`. */
export const idParam = (id: number | null): Sql => sql`${id}::int`;
