import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSignupNotification, type JobPayload, type Lang } from '@klub/contracts';
import { UNKNOWN_INTERACTION_STATUS } from '@klub/db';
import { enqueueInteractionEmail } from '../interactions/interaction-email.js';
import { enqueue } from '../outbox.js';
import { execute } from '../sql.js';

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
    const [row] = await execute<InteractionTypeRef[]>(
      em,
      `select id, name, coalesce(send_email, false) as "sendEmail" from interaction_type where slug = ?`,
      [slug],
    );
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
  const [row] = await execute<Array<{ id: number }>>(
    em,
    `insert into interaction
       (user_id, event_id, administrative_unit_id, created, updated, type_id, subject, date_from, summary, status_id,
        communication_type, dispatched, skills, program_of_interest, next_step, note, created_by_id)
     values (?, ?, ?, now(), now(), ?, ?, ?, ?,
             (select id from interaction_status where status = ? order by id limit 1),
             'individual', false, ?, ?::text[], '', ?, ?)
     returning id`,
    [
      i.userId,
      i.eventId,
      i.unitId,
      i.type.id,
      (i.subject ?? i.type.name).slice(0, 130),
      i.dateFrom,
      i.summary,
      UNKNOWN_INTERACTION_STATUS,
      i.skills ?? '',
      toPgArray(i.programOfInterest ?? []),
      i.note ?? null,
      i.createdBy ?? null,
    ],
  );
  const id = row!.id;
  if (i.type.sendEmail) await enqueueInteractionEmail(em, id, i.lang ?? 'cs');
  return id;
}

/** A text[] literal; values are quoted so commas and braces inside them survive. */
function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
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
  const [row] = await execute<Array<{ email: string | null; firstName: string; unitName: string; from: string; eventName: string | null }>>(
    em,
    `select p.email, p.first_name as "firstName", u.name as "unitName", u.from_email_str as "from",
            (select e.name from event e where e.id = ?) as "eventName"
       from profile p, administrative_unit u
      where p.id = ? and u.id = ?`,
    [n.eventId, n.profileId, n.unitId],
  );
  if (!row?.email) return false;
  const payload = {
    kind: n.kind,
    profileId: n.profileId,
    email: row.email,
    from: row.from,
    firstName: row.firstName,
    administrativeUnitId: n.unitId,
    unitName: row.unitName,
    eventId: n.eventId,
    eventName: row.eventName,
    interactionId: n.interactionId,
    lang: n.lang,
  };
  // Django accepts a few addresses (quoted local parts, dotless hosts) that the job schema does not.
  if (!emailSignupNotification.payload.safeParse(payload).success) return false;
  enqueue(em, emailSignupNotification, payload);
  return true;
}
