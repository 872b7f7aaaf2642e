import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSignupNotification, type JobPayload, type Lang } from '@klub/contracts';
import { UNKNOWN_INTERACTION_STATUS } from '@klub/db';
import { enqueueInteractionEmail } from '../interactions/interaction-email.js';
import { enqueue } from '../outbox.js';
import { execute } from '../sql.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';

export interface InteractionTypeRef {
  id: number;
  /** The type's current name: the subject of the interactions it creates (api.md §12.1). */
  name: string;
  sendEmail: boolean;
}

export interface InteractionTypeDefaults {
  name: string;
  categorySlug: string;
  categoryName: string;
  visibleFields?: string[];
}

/** The `InteractionTypeRef` row of the type with `slug` (none when missing). */
export function interactionTypeBySlug(slug: string | Sql): Sql {
  return sql`select id, name, coalesce(send_email, false) as "sendEmail" from interaction_type where slug = ${slug}`;
}

/**
 * The interaction type with `slug`, created with `defaults` (and its category) when missing.
 * The built-in types exist from start-up (D15); this also covers an administrator deleting one
 * and the on-demand `certificate`/`confirmation` types of api.md §9.6.
 */
export async function ensureInteractionType(
  em: EntityManager,
  slug: string,
  defaults: InteractionTypeDefaults,
): Promise<InteractionTypeRef> {
  const find = async () => {
    const [row] = await run<InteractionTypeRef[]>(em, interactionTypeBySlug(slug));
    return row;
  };
  const found = await find();
  if (found) return found;
  await execute(em, 'insert into interaction_category (category, slug, display) values (?, ?, true) on conflict (slug) do nothing', [
    defaults.categoryName,
    defaults.categorySlug,
  ]);
  await execute(
    em,
    `insert into interaction_type (name, slug, category_id, send_email, send_sms, visible_fields)
     select ?, ?, c.id, false, false, ?::text[] from interaction_category c where c.slug = ?
     on conflict (slug) do nothing`,
    [defaults.name, slug, `{${(defaults.visibleFields ?? []).join(',')}}`, defaults.categorySlug],
  );
  return (await find())!;
}

export interface NewInteraction {
  userId: number;
  type: InteractionTypeRef;
  /** Default: the type's name. */
  subject?: string;
  eventId: number | null;
  unitId: number;
  dateFrom: Date;
  summary: string;
  skills?: string;
  programOfInterest?: string[];
  /** Internal note (not e-mailed). */
  note?: string | null;
  createdBy?: number | null;
  /** Language of the e-mail sent when the type has `send_email` (api.md §12.6); Czech by default. */
  lang?: Lang;
}

/**
 * Record an interaction with the defaults of api.md §8.2: status `Unknown`, communication type
 * `individual`, not dispatched; when its type has `send_email`, its e-mail is queued in the same
 * transaction (api.md §12.6). Every endpoint that creates interactions goes through here.
 */
export async function createInteraction(em: EntityManager, i: NewInteraction): Promise<number> {
  const [row] = await run<Array<{ id: number }>>(
    em,
    interactionInsert(sql`from jsonb_to_recordset(${JSON.stringify([interactionRow(i)])}::jsonb) as r(${INTERACTION_ROW})`),
  );
  const id = row!.id;
  await afterInteractionInsert(em, i, id);
  return id;
}

/** The columns of a new interaction, as `interactionInsert` reads them (jsonb_to_recordset). */
export const INTERACTION_ROW = raw(`user_id int, event_id int, administrative_unit_id int, type_id int, subject text,
  date_from timestamptz, summary text, skills text, program_of_interest text[], note text, created_by_id int`);

/** The values of `INTERACTION_ROW` for `i` (its `userId` may be left for the statement to give). */
export function interactionRow(i: Omit<NewInteraction, 'userId'> & { userId?: number }): Record<string, unknown> {
  return {
    user_id: i.userId ?? null,
    event_id: i.eventId,
    administrative_unit_id: i.unitId,
    type_id: i.type.id,
    subject: (i.subject ?? i.type.name).slice(0, 130),
    date_from: i.dateFrom.toISOString(),
    summary: i.summary,
    skills: i.skills ?? '',
    program_of_interest: i.programOfInterest ?? [],
    note: i.note ?? null,
    created_by_id: i.createdBy ?? null,
  };
}

/**
 * The `insert … returning id, user_id` of `createInteraction` with the defaults of api.md §8.2,
 * for callers that write interactions in a larger statement: `from` yields the columns of
 * `INTERACTION_ROW` as `r`, and `userId` the owner (default `r.user_id`). Run
 * `afterInteractionInsert` for each once written.
 */
export function interactionInsert(from: Sql, userId: Sql = raw('r.user_id')): Sql {
  return sql`insert into interaction
       (user_id, event_id, administrative_unit_id, created, updated, type_id, subject, date_from, summary, status_id,
        communication_type, dispatched, skills, program_of_interest, next_step, note, created_by_id)
     select ${userId}, r.event_id, r.administrative_unit_id, now(), now(), r.type_id, r.subject, r.date_from, r.summary,
            (select id from interaction_status where status = ${UNKNOWN_INTERACTION_STATUS} order by id limit 1),
            'individual', false, r.skills, r.program_of_interest, '', r.note, r.created_by_id
       ${from}
     returning id, user_id`;
}

/** The side effect of a new interaction: its e-mail when its type has `send_email` (api.md §12.6). */
export async function afterInteractionInsert(em: EntityManager, i: Omit<NewInteraction, 'userId'>, id: number): Promise<void> {
  if (i.type.sendEmail) await enqueueInteractionEmail(em, id, i.lang ?? 'cs');
}

export interface SignupNotification {
  kind: JobPayload<typeof emailSignupNotification>['kind'];
  profileId: number;
  unitId: number;
  eventId: number | null;
  interactionId: number | null;
  lang: Lang;
}

/**
 * Write the person's `email.signup-notification` job into the outbox of the caller's
 * transaction (operations.md §4): it is published only if the sign-up commits, and survives a
 * Redis outage. Nothing is queued for a profile without a deliverable primary address.
 */
export async function enqueueSignupNotification(em: EntityManager, n: SignupNotification): Promise<boolean> {
  const [row] = await run<Array<SignupRecipient & SignupPlace>>(
    em,
    sql`select p.email, p.first_name as "firstName", place.*
          from profile p, (${signupPlace(sql`${n.unitId}::int`, sql`${n.eventId}::int`)}) place
         where p.id = ${n.profileId}`,
  );
  return row ? queueSignupNotification(em, n, row, row) : false;
}

/** The person's side of a sign-up notification: their primary address and first name. */
export interface SignupRecipient {
  email: string | null;
  firstName: string;
}

/** The unit (sender) and event of a sign-up notification. */
export interface SignupPlace {
  unitName: string;
  from: string;
  eventName: string | null;
}

/** The columns of `SignupPlace` for `unitId` and `eventId` (SQL expressions). */
export function signupPlace(unitId: Sql, eventId: Sql): Sql {
  return sql`select u.name as "unitName", u.from_email_str as "from", (select e.name from event e where e.id = ${eventId}) as "eventName"
    from administrative_unit u where u.id = ${unitId}`;
}

/** `enqueueSignupNotification` for a caller that has already read the recipient and the place. */
export function queueSignupNotification(em: EntityManager, n: SignupNotification, to: SignupRecipient, place: SignupPlace): boolean {
  const payload = deliverableSignupNotification(n, to, place);
  if (payload) enqueue(em, emailSignupNotification, payload);
  return payload !== undefined;
}

/** The notification's payload, unless the person has no address the job can deliver to. */
export function deliverableSignupNotification(
  n: SignupNotification,
  to: SignupRecipient,
  place: SignupPlace,
): JobPayload<typeof emailSignupNotification> | undefined {
  if (!to.email) return undefined;
  const payload = signupNotificationPayload(n, { email: to.email, firstName: to.firstName }, place);
  // Django accepts a few addresses (quoted local parts, dotless hosts) that the job schema does not.
  return emailSignupNotification.payload.safeParse(payload).success ? payload : undefined;
}

export function signupNotificationPayload(
  n: SignupNotification,
  to: { email: string; firstName: string },
  place: SignupPlace,
): JobPayload<typeof emailSignupNotification> {
  return {
    kind: n.kind,
    profileId: n.profileId,
    email: to.email,
    from: place.from,
    firstName: to.firstName,
    administrativeUnitId: n.unitId,
    unitName: place.unitName,
    eventId: n.eventId,
    eventName: place.eventName,
    interactionId: n.interactionId,
    lang: n.lang,
  };
}
