import type { EntityManager } from '@mikro-orm/postgresql';
import {
  mailingAutomaticSend,
  type Lang,
  type TAutomaticMessage,
  type TAutomaticMessageCandidate,
  type TAutomaticMessageInput,
  type TAutomaticMessageSend,
  type TSegmentRule,
} from '@klub/contracts';
import { AdministrativeUnit, AutomaticMessage, Segment } from '@klub/db';
import { type StaffAccess, ensureUnitAdministered, seesAllUnits } from '../admin/unit-scope.js';
import { NotFound, ValidationError } from '../errors.js';
import { enqueue } from '../outbox.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';
import {
  peopleOfUnit,
  skipReason,
  slotValues,
  templateTexts,
  textProblems,
  timelineInsert,
  type MailingPerson,
  type MailingTexts,
  type SentCopy,
} from './mailings.js';
import { segmentPredicate, type SegmentSqlOptions } from './segment-sql.js';
import { unsubscribeToken, unsubscribeUrl } from './unsubscribe.js';

/**
 * Automatic messages (issue 19 §3). A trigger message's sends are written by the database
 * triggers of migration 20261209060000 in the transaction of the change; a segment message's by
 * `evaluateSegmentMessages` (the nightly job), one statement per message. Both only insert
 * `automatic_message_send` rows, unique per (message, person, occurrence) with occurrence '' for
 * once-only messages, so no path, run or worker can give a person a once-only message twice.
 * The `mailing.automatic-send` job claims and sends them like a mailing's copies.
 */

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** Unit staff reach the messages of their units; others all (`a` is the message alias). */
function scopeSql(access: StaffAccess): Sql {
  if (seesAllUnits(access)) return raw('true');
  return sql`a.administrative_unit_id in (select unnest(${`{${access.unitIds.join(',')}}`}::int[]))`;
}

async function countsOf(em: EntityManager, ids: number[]) {
  const out = new Map(ids.map((id) => [id, { sent: 0, pending: 0, failed: 0, skipped: 0 }]));
  if (!ids.length) return out;
  const rows = await run<Array<{ id: number; status: string; n: number }>>(
    em,
    sql`select automatic_message_id as id, status, count(*)::int as n from automatic_message_send
         where automatic_message_id in (${ids}) group by 1, 2`,
  );
  for (const r of rows) {
    const c = out.get(r.id)!;
    if (r.status === 'sent' || r.status === 'failed' || r.status === 'skipped') c[r.status] += r.n;
    else c.pending += r.n;
  }
  return out;
}

const wireOf = (a: AutomaticMessage): TAutomaticMessageInput => ({
  name: a.name,
  administrative_unit: a.administrativeUnit.id,
  trigger: a.trigger ?? null,
  segment: a.segment?.id ?? null,
  repeat: a.repeat,
  service: a.service,
  enabled: a.enabled,
  subject_cs: a.subjectCs,
  body_cs: a.bodyCs,
  subject_en: a.subjectEn,
  body_en: a.bodyEn,
});

const toWire = (a: AutomaticMessage, counts: TAutomaticMessage['counts']): TAutomaticMessage => ({
  id: a.id,
  ...wireOf(a),
  last_evaluated_at: iso(a.lastEvaluatedAt),
  created: iso(a.created)!,
  counts,
});

/** The message, when the caller reaches it (404 otherwise). */
async function findMessage(em: EntityManager, access: StaffAccess, id: number): Promise<AutomaticMessage> {
  const a = await em.findOne(AutomaticMessage, { id });
  if (!a || (!seesAllUnits(access) && !access.unitIds.includes(a.administrativeUnit.id))) throw new NotFound();
  return a;
}

export async function retrieveAutomaticMessage(em: EntityManager, access: StaffAccess, id: number): Promise<TAutomaticMessage> {
  const a = await findMessage(em, access, id);
  return toWire(a, (await countsOf(em, [id])).get(id)!);
}

export async function listAutomaticMessages(
  em: EntityManager,
  access: StaffAccess,
  window: { limit: number; offset: number },
): Promise<[TAutomaticMessage[], number]> {
  const ids = await run<Array<{ id: number; total: number }>>(
    em,
    sql`select a.id, count(*) over ()::int as total from automatic_message a where ${scopeSql(access)}
         order by a.name, a.id limit ${window.limit} offset ${window.offset}`,
  );
  const rows = await em.find(AutomaticMessage, { id: { $in: ids.map((r) => r.id) } }, { orderBy: { name: 'asc', id: 'asc' } });
  const counts = await countsOf(em, ids.map((r) => r.id));
  const total = ids[0]?.total ?? (window.offset ? (await run<Array<{ n: number }>>(em, sql`select count(*)::int as n from automatic_message a where ${scopeSql(access)}`))[0]!.n : 0);
  return [rows.map((a) => toWire(a, counts.get(a.id)!)), total];
}

async function check(em: EntityManager, access: StaffAccess, input: TAutomaticMessageInput): Promise<void> {
  const errors = textProblems(input);
  if (!(await em.count(AdministrativeUnit, { id: input.administrative_unit })))
    errors.administrative_unit = [`Invalid pk "${input.administrative_unit}" - object does not exist.`];
  if (input.segment !== null && !(await em.count(Segment, { id: input.segment })))
    errors.segment = [`Invalid pk "${input.segment}" - object does not exist.`];
  if ((input.trigger === null) === (input.segment === null))
    errors.non_field_errors = ['Set either a trigger or a segment.'];
  if (Object.keys(errors).length) throw new ValidationError(errors);
  ensureUnitAdministered(access, input.administrative_unit);
}

const entityFields = (input: TAutomaticMessageInput) => ({
  name: input.name,
  administrativeUnit: input.administrative_unit,
  trigger: input.trigger,
  segment: input.segment,
  repeat: input.repeat,
  service: input.service,
  enabled: input.enabled,
  subjectCs: input.subject_cs,
  bodyCs: input.body_cs,
  subjectEn: input.subject_en,
  bodyEn: input.body_en,
});


export async function createAutomaticMessage(
  em: EntityManager,
  access: StaffAccess,
  input: TAutomaticMessageInput,
  createdBy: number | null,
): Promise<TAutomaticMessage> {
  await check(em, access, input);
  const a = em.create(AutomaticMessage, { ...entityFields(input), createdBy });
  await em.flush();
  return retrieveAutomaticMessage(em, access, a.id);
}

/** Any field; `{enabled: true|false}` switches the message on or off. */
export async function updateAutomaticMessage(
  em: EntityManager,
  access: StaffAccess,
  id: number,
  patch: Partial<TAutomaticMessageInput>,
): Promise<TAutomaticMessage> {
  const a = await findMessage(em, access, id);
  const input = { ...wireOf(a), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  await check(em, access, input);
  em.assign(a, entityFields(input));
  await em.flush();
  return retrieveAutomaticMessage(em, access, id);
}

/** Deletes the message and its history (who got it): a message still wanted is disabled instead. */
export async function deleteAutomaticMessage(em: EntityManager, access: StaffAccess, id: number): Promise<void> {
  const a = await findMessage(em, access, id);
  em.remove(a);
  await em.flush();
}

export async function automaticMessageHistory(
  em: EntityManager,
  access: StaffAccess,
  id: number,
  status: string | undefined,
  window: { limit: number; offset: number },
): Promise<[TAutomaticMessageSend[], number]> {
  await findMessage(em, access, id);
  const where = sql`automatic_message_id = ${id} ${status ? sql`and status = ${status}` : raw('')}`;
  const rows = await run<Array<TAutomaticMessageSend & { created: Date; sent_at: Date | null }>>(
    em,
    sql`select id, profile_id as profile, occurrence, email, status, skip_reason, error, created, sent_at
          from automatic_message_send where ${where} order by id desc limit ${window.limit} offset ${window.offset}`,
  );
  const [count] = await run<Array<{ n: number }>>(em, sql`select count(*)::int as n from automatic_message_send where ${where}`);
  return [rows.map((r) => ({ ...r, created: iso(r.created)!, sent_at: iso(r.sent_at) })), count!.n];
}

// --- segment messages ----------------------------------------------------------------------------

/**
 * The people a segment message gives an occurrence to now: in the segment, and not yet given it
 * (`once`) or not members at the last evaluation (`each`). `p` is the profile alias.
 */
function newcomers(a: { id: number; repeat: string }, rule: TSegmentRule, options: SegmentSqlOptions): Sql {
  const not =
    a.repeat === 'once'
      ? sql`not exists (select 1 from automatic_message_send s where s.automatic_message_id = ${a.id} and s.profile_id = p.id)`
      : sql`not exists (select 1 from automatic_message_member m where m.automatic_message_id = ${a.id} and m.profile_id = p.id)`;
  return sql`${segmentPredicate(rule, options)} and ${not}`;
}

/** Who would get a segment message if it were evaluated now (paged, id order), with why some would be skipped. */
export async function automaticMessageCandidates(
  em: EntityManager,
  access: StaffAccess,
  id: number,
  window: { limit: number; offset: number },
  options: SegmentSqlOptions = {},
): Promise<[TAutomaticMessageCandidate[], number]> {
  const a = await findMessage(em, access, id);
  if (!a.segment) throw new ValidationError({ non_field_errors: ['A trigger message has no recipients before its trigger fires.'] });
  const rule = (await em.findOneOrFail(Segment, { id: a.segment.id })).rule;
  const where = newcomers(a, rule, options);
  const unit = sql`${a.administrativeUnit.id}`;
  const rows = await run<TAutomaticMessageCandidate[]>(
    em,
    sql`select p.id, p.first_name, p.last_name, nullif(p.email, '') as email, ${skipReason(unit, sql`${a.service}::boolean`)} as skip_reason
          from profile p where ${where} order by p.id limit ${window.limit} offset ${window.offset}`,
  );
  const [count] = await run<Array<{ n: number }>>(em, sql`select count(*)::int as n from profile p where ${where}`);
  return [rows, count!.n];
}

/**
 * The nightly evaluation: for each enabled segment message, one statement inserts a send for
 * each newcomer (`newcomers`) and remembers today's members (for `each` messages); a send
 * already there (another run, another worker) is left alone by the unique key. Queues the send
 * job when anything is pending. Answers how many sends were made.
 */
export async function evaluateSegmentMessages(em: EntityManager, options: SegmentSqlOptions = {}): Promise<number> {
  const messages = await em.find(AutomaticMessage, { enabled: true, segment: { $ne: null } }, { populate: ['segment'] });
  let made = 0;
  for (const a of messages) {
    const rule = a.segment!.getEntity().rule;
    const occurrence = options.today ?? raw(`((now() at time zone 'Europe/Prague')::date)::text`);
    const [row] = await em.transactional(async (tx) => {
      const result = await run<Array<{ n: number }>>(
        tx,
        sql`with newly as (
              insert into automatic_message_send (automatic_message_id, profile_id, occurrence)
              select ${a.id}, p.id, ${a.repeat === 'once' ? sql`''` : sql`'entered:' || ${occurrence}`} from profile p
               where ${newcomers(a, rule, options)}
              on conflict do nothing returning 1),
            gone as (delete from automatic_message_member m where m.automatic_message_id = ${a.id}
                       and not exists (select 1 from profile p where p.id = m.profile_id and ${segmentPredicate(rule, options)})),
            kept as (insert into automatic_message_member (automatic_message_id, profile_id)
                     select ${a.id}, p.id from profile p where ${segmentPredicate(rule, options)} on conflict do nothing)
            select count(*)::int as n from newly`,
      );
      await run(tx, sql`update automatic_message set last_evaluated_at = now() where id = ${a.id}`);
      if (result[0]!.n > 0) enqueue(tx, mailingAutomaticSend, {});
      return result;
    });
    made += row!.n;
  }
  return made;
}

// --- the send job --------------------------------------------------------------------------------

export interface ClaimedSend extends MailingPerson {
  sendId: number;
  messageId: number;
  email: string;
  attempt: number;
}

/**
 * Claims up to `limit` sends of any message, as `claimMailingRecipients` does (pending ones, and
 * `sending` ones older than the lease; `skip locked`): each is decided first (consent now, unless
 * a service message: skipped with the reason) and only the rest are answered, with their variables.
 */
export async function claimAutomaticSends(em: EntityManager, limit: number, leaseMs: number): Promise<ClaimedSend[]> {
  const rows = await run<Array<{ id: number; message: number; unit: number; profile_id: number; email: string | null; attempts: number; status: string }>>(
    em,
    sql`with c as (
          select s.id from automatic_message_send s
           where s.status = 'pending' or (s.status = 'sending' and s.claimed_at < now() - ${`${leaseMs} milliseconds`}::interval)
           order by s.id limit ${limit} for update skip locked),
        d as (
          select s.id, a.id as message, a.administrative_unit_id as unit, nullif(p.email, '') as email,
                 ${skipReason(raw('a.administrative_unit_id'), raw('a.service'))} as reason
            from c join automatic_message_send s on s.id = c.id
            join automatic_message a on a.id = s.automatic_message_id join profile p on p.id = s.profile_id)
        update automatic_message_send s
           set status = case when d.reason is null then 'sending' else 'skipped' end, skip_reason = d.reason,
               email = d.email, claimed_at = now(), attempts = s.attempts + 1
          from d where s.id = d.id
        returning s.id, d.message, d.unit, s.profile_id, s.email, s.attempts, s.status`,
  );
  const sending = rows.filter((r) => r.status === 'sending');
  const out: ClaimedSend[] = [];
  for (const unit of new Set(sending.map((r) => r.unit))) {
    const ofUnit = sending.filter((r) => r.unit === unit);
    const people = await peopleOfUnit(em, unit, [...new Set(ofUnit.map((r) => r.profile_id))]);
    for (const r of ofUnit) out.push({ ...people.get(r.profile_id)!, sendId: r.id, messageId: r.message, email: r.email!, attempt: r.attempts });
  }
  return out;
}

export interface SentAutomatic extends SentCopy {
  sendId: number;
}

/** Sent copies, in one statement: `sent`, and an interaction on each person's timeline. */
export async function recordAutomaticSent(em: EntityManager, typeId: number, copies: SentAutomatic[]): Promise<void> {
  if (!copies.length) return;
  const sent = JSON.stringify(copies.map((s) => ({ id: s.sendId, subject: s.subject.slice(0, 130), summary: s.text })));
  await run(
    em,
    sql`with s as (select * from jsonb_to_recordset(${sent}::jsonb) as r(id int, subject text, summary text)),
         marked as (update automatic_message_send x set status = 'sent', sent_at = now(), error = null
                      from s where x.id = s.id returning x.id, x.profile_id, x.automatic_message_id)
        ${timelineInsert(typeId, 'Sent by an automatic message', sql`select marked.profile_id as user_id, a.administrative_unit_id as unit_id, s.subject, s.summary, a.created_by_id as by_id
          from s join marked on marked.id = s.id join automatic_message a on a.id = marked.automatic_message_id`)}`,
  );
}

export async function recordAutomaticRefused(em: EntityManager, sendId: number, error: string): Promise<void> {
  await run(em, sql`update automatic_message_send set status = 'failed', error = ${error.slice(0, 1000)} where id = ${sendId}`);
}

export async function releaseAutomaticClaims(em: EntityManager, sendIds: number[]): Promise<void> {
  if (!sendIds.length) return;
  await run(em, sql`update automatic_message_send set status = 'pending' where id in (${sendIds}) and status = 'sending'`);
}

/** Claims younger than the lease (another attempt may still be sending them). */
export async function automaticSendsInFlight(em: EntityManager): Promise<number> {
  const [row] = await run<Array<{ n: number }>>(em, sql`select count(*)::int as n from automatic_message_send where status = 'sending'`);
  return row!.n;
}

/** The texts of one automatic message in a language. */
export async function automaticMessageTexts(em: EntityManager, id: number, lang: Lang): Promise<MailingTexts> {
  const a = await em.findOneOrFail(AutomaticMessage, { id }, { populate: ['administrativeUnit'] });
  return templateTexts(a, a.administrativeUnit.getEntity(), null, lang);
}

/**
 * What `@klub/emails` MailingCopies needs to make one automatic message's copies: the mailing's
 * rendering, unsubscribe link and headers; the Message-ID names the send, so a resent copy keeps it.
 */
export function automaticCopySource(
  em: EntityManager,
  id: number,
  options: { secretKey: string; publicApiUrl: string },
) {
  return {
    mailingId: id,
    texts: (lang: Lang) => automaticMessageTexts(em, id, lang),
    fill: (texts: MailingTexts, person: MailingPerson) => slotValues(texts, person),
    unsubscribeUrl: (person: MailingPerson, unitId: number) =>
      unsubscribeUrl(options.publicApiUrl, unsubscribeToken(options.secretKey, person.profileId, unitId)),
    readAttachment: () => Promise.resolve(undefined),
    messageId: (person: MailingPerson & { sendId?: number }) => `<automatic-${id}-${person.sendId ?? `preview-${person.profileId}`}@klub>`,
  };
}

/** The copy one person would get (a preview), as the mailing's preview. */
export async function automaticPreviewPerson(em: EntityManager, access: StaffAccess, id: number, profileId: number): Promise<MailingPerson> {
  const a = await findMessage(em, access, id);
  const person = (await peopleOfUnit(em, a.administrativeUnit.id, [profileId])).get(profileId);
  if (!person) throw new ValidationError({ profile: [`Invalid pk "${profileId}" - object does not exist.`] });
  return person;
}
