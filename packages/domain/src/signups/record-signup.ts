import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSignupNotification, type Lang, type TPersonFields, type TUserIdOutput } from '@klub/contracts';
import { enqueueInStatement } from '../outbox.js';
import { getOrCreateProfile, lockEmail, type EmailLock } from '../people/get-or-create-profile.js';
import { raw, sql, type Sql } from '../sql-fragment.js';
import {
  afterInteractionInsert,
  interactionInsert,
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
 * statement. The notification goes to the profile's primary address: when that is not the
 * address signed up with (a known person with another primary one), it is queued afterwards.
 */
export async function recordSignup<T>(em: EntityManager, lock: SignupLock<T>, input: TPersonFields, s: Signup): Promise<TUserIdOutput> {
  // The built-in types exist from start-up (D15); one deleted by an administrator is re-created.
  const type = lock.type ?? (await builtinInteractionType(em, s.typeSlug));
  const interaction = { ...s, type };
  const place = lock.place!;
  const notification = { kind: s.kind, profileId: 0, unitId: s.unitId, eventId: s.eventId, interactionId: 0, lang: s.lang };
  const queue = enqueueInStatement(
    emailSignupNotification,
    signupNotificationPayload(notification, { email: lock.address, firstName: '' }, place),
    { profileId: raw('person.id'), firstName: raw('person.first_name'), interactionId: raw('(select id from interaction)') },
    sql`from person where person.email = ${lock.address}`,
  );
  const profile = await getOrCreateProfile(em, personFieldsOf(input), {
    lock,
    unitIds: [s.unitId],
    with: sql`interaction as (${interactionInsert(raw('select person.id, '), interaction, raw('from person'))}),
      notification as (${queue ?? raw('select null::bigint as id')})`,
    select: raw(`'interactionId', (select id from interaction), 'queued', (select count(id) from notification)`),
  });
  const { interactionId, queued } = profile.extra as { interactionId: number; queued: number };
  await afterInteractionInsert(em, interaction, interactionId);
  if (queued === 0) queueSignupNotification(em, { ...notification, profileId: profile.id, interactionId }, profile, place);
  return { user_id: profile.id };
}

/** An id (or null) as an SQL expression for `lockSignup`. */
export const idParam = (id: number | null): Sql => sql`${id}::int`;
