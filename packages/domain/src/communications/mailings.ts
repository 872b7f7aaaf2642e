import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  MAILING_SKIP_REASON} from '@klub/contracts';
import {
  BUSINESS_TZ,
  emailMailingTest,
  mailingSend,
  type Lang,
  type Sex,
  type TMailing,
  type TMailingInput,
  type TMailingProgress,
  type TMailingRecipient,
  type TSlotted,
} from '@klub/contracts';
import { AdministrativeUnit, Mailing, Segment } from '@klub/db';
import { personScopeSql, seesAllUnits, ensureUnitAdministered, type StaffAccess } from '../admin/unit-scope.js';
import { NotFound, ValidationError } from '../errors.js';
import { enqueue } from '../outbox.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';
import { defaultSalutation, parseTemplate, partFor, SAMPLE_VALUES, type TemplatePart, type VariableValues } from './mailing-template.js';
import { segmentIds } from './segment-sql.js';
import { unsubscribeToken, unsubscribeUrl } from './unsubscribe.js';

/** Mass e-mails (issue 19 §2): what staff do with a mailing, and what the send job needs. */

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const TEXT_FIELDS = ['subject_cs', 'body_cs', 'subject_en', 'body_en'] as const;

/** Progress of each mailing in `ids` (one statement). */
async function progressOf(em: EntityManager, ids: number[]): Promise<Map<number, TMailingProgress>> {
  const out = new Map<number, TMailingProgress>(
    ids.map((id) => [id, { total: 0, pending: 0, sent: 0, failed: 0, skipped: { no_consent: 0, no_email: 0, inactive: 0 } }]),
  );
  if (!ids.length) return out;
  const rows = await run<Array<{ mailing_id: number; status: string; skip_reason: string | null; n: number }>>(
    em,
    sql`select mailing_id, status, skip_reason, count(*)::int as n from mailing_recipient
         where mailing_id in (${ids}) group by 1, 2, 3`,
  );
  for (const r of rows) {
    const p = out.get(r.mailing_id)!;
    p.total += r.n;
    if (r.status === 'skipped') p.skipped[r.skip_reason as (typeof MAILING_SKIP_REASON)[number]] += r.n;
    else if (r.status === 'sent' || r.status === 'failed') p[r.status] += r.n;
    else p.pending += r.n;
  }
  return out;
}

function toWire(m: Mailing, progress: TMailingProgress): TMailing {
  return {
    id: m.id,
    name: m.name,
    administrative_unit: m.administrativeUnit.id,
    subject_cs: m.subjectCs,
    body_cs: m.bodyCs,
    subject_en: m.subjectEn,
    body_en: m.bodyEn,
    segment: m.segment?.id ?? null,
    profiles: m.profiles,
    attachment: m.attachment ?? null,
    status: m.status,
    scheduled_at: iso(m.scheduledAt),
    started_at: iso(m.startedAt),
    finished_at: iso(m.finishedAt),
    created: iso(m.created)!,
    progress,
  };
}

async function findMailing(em: EntityManager, id: number): Promise<Mailing> {
  const mailing = await em.findOne(Mailing, { id });
  if (!mailing) throw new NotFound();
  return mailing;
}

/** The wire form of one mailing, with its progress. */
export async function retrieveMailing(em: EntityManager, id: number): Promise<TMailing> {
  const m = await findMailing(em, id);
  return toWire(m, (await progressOf(em, [id])).get(id)!);
}

export async function listMailings(
  em: EntityManager,
  window: { limit: number; offset: number },
  access?: StaffAccess,
): Promise<[TMailing[], number]> {
  const where = access && !seesAllUnits(access) ? { administrativeUnit: { $in: [...access.unitIds] } } : {};
  const [rows, count] = await em.findAndCount(Mailing, where, { orderBy: { id: 'desc' }, ...window });
  const progress = await progressOf(em, rows.map((m) => m.id));
  return [rows.map((m) => toWire(m, progress.get(m.id)!)), count];
}

type TextFields = Pick<TMailingInput, (typeof TEXT_FIELDS)[number]>;

/**
 * The problems of a message's four texts, by field (DRF style): unknown variables, unmatched
 * braces, no subject at all, a subject without a body. Mailings and automatic messages.
 */
export function textProblems(input: TextFields): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const field of TEXT_FIELDS) {
    const parsed = parseTemplate(input[field]);
    if ('problems' in parsed) errors[field] = parsed.problems;
  }
  if (!input.subject_cs.trim() && !input.subject_en.trim()) errors.subject_cs = [...(errors.subject_cs ?? []), 'A subject in Czech or English is required.'];
  for (const lang of ['cs', 'en'] as const) {
    if (input[`subject_${lang}`].trim() && !input[`body_${lang}`].trim()) errors[`body_${lang}`] = ['The body is required with a subject.'];
  }
  return errors;
}

/**
 * Unit staff reach the mailings of their units only: another unit's mailing is "not found".
 */
export async function reachMailing(em: EntityManager, access: StaffAccess, id: number): Promise<void> {
  if (seesAllUnits(access)) return;
  const m = await em.findOne(Mailing, { id });
  if (!m || !access.unitIds.includes(m.administrativeUnit.id)) throw new NotFound();
}

/**
 * What a caller may address a message to: a unit they administer (403 otherwise) and people
 * they administer (others are "no such object", 400 under `field`).
 */
export async function ensureMessageScope(
  em: EntityManager,
  access: StaffAccess,
  unitId: number | undefined,
  people: readonly number[],
  field = 'profiles',
): Promise<void> {
  if (unitId !== undefined) ensureUnitAdministered(access, unitId);
  const scope = personScopeSql(access, 'p');
  if (!scope || !people.length) return;
  const reached = await run<Array<{ id: number }>>(em, sql`select p.id from profile p where p.id in (${[...people]}) and ${raw(scope)}`);
  const missing = people.filter((id) => !reached.some((r) => r.id === id));
  if (missing.length) throw new ValidationError({ [field]: missing.map((id) => `Invalid pk "${id}" - object does not exist.`) });
}

/** Every problem of the texts and references, by field (DRF style), or none. */
async function check(em: EntityManager, input: TMailingInput): Promise<void> {
  const errors = textProblems(input);
  if (!(await em.count(AdministrativeUnit, { id: input.administrative_unit })))
    errors.administrative_unit = [`Invalid pk "${input.administrative_unit}" - object does not exist.`];
  if (input.segment !== null && !(await em.count(Segment, { id: input.segment })))
    errors.segment = [`Invalid pk "${input.segment}" - object does not exist.`];
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const entityFields = (input: TMailingInput) => ({
  name: input.name,
  administrativeUnit: input.administrative_unit,
  subjectCs: input.subject_cs,
  bodyCs: input.body_cs,
  subjectEn: input.subject_en,
  bodyEn: input.body_en,
  segment: input.segment,
  profiles: [...new Set(input.profiles)],
});

export async function createMailing(em: EntityManager, input: TMailingInput, createdBy: number | null): Promise<TMailing> {
  await check(em, input);
  const mailing = em.create(Mailing, { ...entityFields(input), createdBy });
  await em.flush();
  return retrieveMailing(em, mailing.id);
}

const wireOf = (m: Mailing): TMailingInput => ({
  name: m.name,
  administrative_unit: m.administrativeUnit.id,
  subject_cs: m.subjectCs,
  body_cs: m.bodyCs,
  subject_en: m.subjectEn,
  body_en: m.bodyEn,
  segment: m.segment?.id ?? null,
  profiles: m.profiles,
});

function onlyIn(m: Mailing, statuses: readonly string[], action: string): void {
  if (!statuses.includes(m.status))
    throw new ValidationError({ non_field_errors: [`A ${m.status} mailing cannot be ${action}.`] });
}

export async function updateMailing(em: EntityManager, id: number, patch: Partial<TMailingInput>): Promise<TMailing> {
  const m = await findMailing(em, id);
  onlyIn(m, ['draft'], 'changed');
  const input = { ...wireOf(m), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  await check(em, input);
  em.assign(m, entityFields(input));
  await em.flush();
  return retrieveMailing(em, id);
}

export async function deleteMailing(em: EntityManager, id: number): Promise<void> {
  const m = await findMailing(em, id);
  onlyIn(m, ['draft', 'cancelled', 'done'], 'deleted');
  em.remove(m);
  await em.flush();
}

/** The stored attachment (a file-storage key), or none. Only on a draft. */
export async function setMailingAttachment(em: EntityManager, id: number, key: string | null): Promise<TMailing> {
  const m = await findMailing(em, id);
  onlyIn(m, ['draft'], 'changed');
  m.attachment = key;
  await em.flush();
  return retrieveMailing(em, id);
}

/** Queues the send job, now or at `at`; only a draft can be sent (a cancelled one is resumed). */
export async function sendMailing(em: EntityManager, id: number, at: Date | null): Promise<TMailing> {
  await em.transactional(async (tx) => {
    const m = await findMailing(tx, id);
    onlyIn(m, ['draft'], 'sent');
    const later = at !== null && at.getTime() > Date.now();
    m.status = later ? 'scheduled' : 'sending';
    m.scheduledAt = at;
    const job = enqueue(tx, mailingSend, { mailingId: id });
    if (later) job.availableAt = at;
  });
  return retrieveMailing(em, id);
}

/** Stops a scheduled or sending mailing after the copies in flight; `resumeMailing` goes on. */
export async function cancelMailing(em: EntityManager, id: number): Promise<TMailing> {
  const m = await findMailing(em, id);
  onlyIn(m, ['scheduled', 'sending'], 'cancelled');
  m.status = 'cancelled';
  await em.flush();
  return retrieveMailing(em, id);
}

export async function resumeMailing(em: EntityManager, id: number): Promise<TMailing> {
  await em.transactional(async (tx) => {
    const m = await findMailing(tx, id);
    onlyIn(m, ['cancelled'], 'resumed');
    m.status = 'sending';
    m.scheduledAt = null;
    enqueue(tx, mailingSend, { mailingId: id });
  });
  return retrieveMailing(em, id);
}

export async function enqueueMailingTest(em: EntityManager, id: number, email: string, profileId: number | null): Promise<void> {
  await findMailing(em, id);
  if (profileId !== null) await personFor(em, id, profileId);
  await em.transactional(async (tx) => {
    enqueue(tx, emailMailingTest, { mailingId: id, email, profileId });
  });
}

export async function listMailingRecipients(
  em: EntityManager,
  id: number,
  status: string | undefined,
  window: { limit: number; offset: number },
): Promise<[TMailingRecipient[], number]> {
  await findMailing(em, id);
  const where = sql`mailing_id = ${id} ${status ? sql`and status = ${status}` : raw('')}`;
  const rows = await run<Array<TMailingRecipient & { sent_at: Date | null }>>(
    em,
    sql`select profile_id as profile, email, status, skip_reason, error, attempts, sent_at from mailing_recipient
         where ${where} order by profile_id limit ${window.limit} offset ${window.offset}`,
  );
  const [count] = await run<Array<{ n: number }>>(em, sql`select count(*)::int as n from mailing_recipient where ${where}`);
  return [rows.map((r) => ({ ...r, sent_at: iso(r.sent_at) })), count!.n];
}

// --- personalising ------------------------------------------------------------------------------

/** What one person's copy needs: address, language, sex and the variables' values. */
export interface MailingPerson {
  profileId: number;
  email: string | null;
  language: Lang;
  sex: Sex;
  values: VariableValues;
}

/** The variables of each profile in `ids` for the unit `unit` (an id expression), in one statement. */
function peopleStatement(unit: Sql, ids: Sql): Sql {
  const year = raw(`extract(year from (now() at time zone '${BUSINESS_TZ}'))::int`);
  return sql`select p.id as "profileId", nullif(p.email, '') as email, p.language, p.sex, p.addressment, p.first_name, p.last_name,
                    p.city, u.name as unit_name, d.regular_amount, d.vs,
                    (select coalesce(sum(pay.amount), 0)::int from payment pay
                       join donor_payment_channel c on c.id = pay.user_donor_payment_channel_id
                      where c.user_id = p.id and c.administrative_unit_id = u.id
                        and extract(year from pay.date)::int = ${year}) as total
               from administrative_unit u
               join profile p on p.id in (${ids})
               left join lateral (select c.regular_amount, c.vs from donor_payment_channel c
                                   where c.user_id = p.id and c.administrative_unit_id = u.id
                                     and c.regular_payments = 'regular'
                                   order by c.end_of_regular_payments is not null, c.registered_support desc limit 1) d on true
              where u.id = ${unit}`;
}

const unitOfMailing = (mailingId: number): Sql => sql`(select administrative_unit_id from mailing where id = ${mailingId})`;

interface PersonRow {
  profileId: number;
  email: string | null;
  language: Lang;
  sex: Sex;
  addressment: string;
  first_name: string;
  last_name: string;
  city: string;
  unit_name: string;
  regular_amount: number | null;
  vs: string | null;
  total: number;
}

function toPerson(r: PersonRow): MailingPerson {
  const values: VariableValues = {
    salutation: r.addressment.trim() || defaultSalutation(r.language, r.sex),
    first_name: r.first_name,
    last_name: r.last_name,
    email: r.email ?? '',
    city: r.city,
    regular_amount: r.regular_amount === null ? '' : String(r.regular_amount),
    vs: r.vs ?? '',
    total_this_year: String(r.total),
    unit_name: r.unit_name,
  };
  return { profileId: r.profileId, email: r.email, language: r.language, sex: r.sex, values };
}

/** The people `ids` with their variables for unit `unitId` (any message of the unit), by id. */
export async function peopleOfUnit(em: EntityManager, unitId: number, ids: number[]): Promise<Map<number, MailingPerson>> {
  if (!ids.length) return new Map();
  const rows = await run<PersonRow[]>(em, peopleStatement(sql`${unitId}`, sql`${ids}`));
  return new Map(rows.map((r) => [r.profileId, toPerson(r)]));
}

export async function personFor(em: EntityManager, mailingId: number, profileId: number): Promise<MailingPerson> {
  const [row] = await run<PersonRow[]>(em, peopleStatement(unitOfMailing(mailingId), sql`${profileId}`));
  if (!row) throw new ValidationError({ profile: [`Invalid pk "${profileId}" - object does not exist.`] });
  return toPerson(row);
}

/** A stand-in person for a test send without a chosen profile. */
export async function samplePerson(em: EntityManager, mailingId: number, email: string): Promise<MailingPerson> {
  const [unit] = await run<Array<{ name: string }>>(
    em,
    sql`select u.name from mailing m join administrative_unit u on u.id = m.administrative_unit_id where m.id = ${mailingId}`,
  );
  if (!unit) throw new NotFound();
  return { profileId: 0, email, language: 'cs', sex: 'female', values: { ...SAMPLE_VALUES, unit_name: unit.name } };
}

/** A mailing's texts in one language, split into fixed text and per-person slots. */
export interface MailingTexts {
  lang: Lang;
  subject: TSlotted;
  body: TSlotted;
  slots: TemplatePart[];
  unitName: string;
  from: string;
  attachment: string | null;
  administrativeUnitId: number;
}

/**
 * The texts a person of `lang` gets: Czech for Czech speakers, English for everyone else, and
 * the other language when that one is empty (jobs.md §4.5 skipped them; we send what there is).
 */
export async function mailingTexts(em: EntityManager, mailingId: number, lang: Lang): Promise<MailingTexts> {
  const m = await em.findOneOrFail(Mailing, { id: mailingId }, { populate: ['administrativeUnit'] });
  return templateTexts(m, m.administrativeUnit.getEntity(), m.attachment ?? null, lang);
}

/** The texts of a message with a mailing's four text fields (a mailing, an automatic message). */
export interface MessageTemplate {
  subjectCs: string;
  bodyCs: string;
  subjectEn: string;
  bodyEn: string;
}

/** `mailingTexts` of any message template of unit `unit`. */
export function templateTexts(
  m: MessageTemplate,
  unit: { id: number; name: string; fromEmailStr: string },
  attachment: string | null,
  lang: Lang,
): MailingTexts {
  const own = lang === 'cs' ? { s: m.subjectCs, b: m.bodyCs } : { s: m.subjectEn, b: m.bodyEn };
  const other = lang === 'cs' ? { s: m.subjectEn, b: m.bodyEn } : { s: m.subjectCs, b: m.bodyCs };
  const use = own.s.trim() ? own : other;
  const slots: TemplatePart[] = [];
  const slotted = (template: string): TSlotted => {
    const parsed = parseTemplate(template);
    if ('problems' in parsed) throw new ValidationError({ body: parsed.problems });
    return parsed.parts.map((p) => ('text' in p ? p.text : { slot: slots.push(p) - 1 }));
  };
  return {
    lang: use === own ? lang : lang === 'cs' ? 'en' : 'cs',
    subject: slotted(use.s),
    body: slotted(use.b),
    slots,
    unitName: unit.name,
    from: unit.fromEmailStr,
    attachment,
    administrativeUnitId: unit.id,
  };
}

/** The slot values of `texts` for one person. */
export function slotValues(texts: MailingTexts, person: Pick<MailingPerson, 'values' | 'sex'>): string[] {
  return texts.slots.map((part) => partFor(part, person.values, person.sex));
}

/**
 * Why the person `p` gets no copy of a message of unit `unit`, or null: inactive, no e-mail, no
 * consent to the unit's mailings (in that order; `service`, a boolean expression, waives consent).
 */
export function skipReason(unit: Sql, service: Sql): Sql {
  return sql`case
                 when not p.is_active then 'inactive'
                 when coalesce(p.email, '') = '' then 'no_email'
                 when not ${service} and not exists (select 1 from preference pr where pr.user_id = p.id
                                    and pr.administrative_unit_id = ${unit} and pr.send_mailing_lists) then 'no_consent'
               end`;
}

// --- the send job -------------------------------------------------------------------------------

/**
 * Fixes the recipients on the first run (later runs find them fixed): the segment's members and
 * the chosen people, once each, with the people who are skipped and why (inactive, no e-mail,
 * no consent to the unit's mailings, in that order). One statement. Answers the mailing's status.
 */
export async function fixMailingRecipients(em: EntityManager, mailingId: number): Promise<string> {
  return em.transactional(async (tx) => {
    const m = await tx.findOne(Mailing, { id: mailingId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!m) throw new NotFound();
    if (m.status === 'scheduled') m.status = 'sending';
    if (m.status !== 'sending' || m.recipientsFixedAt) {
      await tx.flush();
      return m.status;
    }
    const segment = m.segment ? (await tx.findOneOrFail(Segment, { id: m.segment.id })).rule : null;
    const chosen = sql`select unnest(${`{${m.profiles.join(',')}}`}::int[])`;
    const ids = segment ? sql`${segmentIds(segment)} union ${chosen}` : chosen;
    await run(
      tx,
      sql`insert into mailing_recipient (mailing_id, profile_id, email, status, skip_reason)
          select ${mailingId}, p.id, nullif(p.email, ''), case when r.reason is null then 'pending' else 'skipped' end, r.reason
            from profile p
            cross join lateral (select ${skipReason(sql`${m.administrativeUnit.id}`, raw('false'))} as reason) r
           where p.id in (${ids})
          on conflict do nothing`,
    );
    m.recipientsFixedAt = new Date();
    m.startedAt = new Date();
    await tx.flush();
    return m.status;
  });
}

export interface ClaimedRecipient extends MailingPerson {
  email: string;
  attempt: number;
}

/**
 * Claims up to `limit` copies to send: pending ones, and `sending` ones whose claim is older
 * than `leaseMs` (left by a worker that died mid-send: taken over and resent with the same
 * Message-ID, as the send-once claims of single e-mails are). `skip locked` lets two runs of
 * the job share the work without claiming one copy twice. One statement, variables included.
 */
export async function claimMailingRecipients(
  em: EntityManager,
  mailingId: number,
  limit: number,
  leaseMs: number,
): Promise<ClaimedRecipient[]> {
  const claimed = sql`update mailing_recipient r set status = 'sending', claimed_at = now(), attempts = r.attempts + 1
        where (r.mailing_id, r.profile_id) in (
          select mailing_id, profile_id from mailing_recipient
           where mailing_id = ${mailingId}
             and (status = 'pending' or (status = 'sending' and claimed_at < now() - ${`${leaseMs} milliseconds`}::interval))
           order by profile_id limit ${limit} for update skip locked)
        returning r.profile_id, r.email, r.attempts`;
  const rows = await run<Array<{ profile_id: number; email: string; attempts: number }>>(em, claimed);
  if (!rows.length) return [];
  const people = await run<PersonRow[]>(em, peopleStatement(unitOfMailing(mailingId), sql`${rows.map((r) => r.profile_id)}`));
  const byId = new Map(people.map((p) => [p.profileId, toPerson(p)]));
  return rows.map((r) => ({ ...byId.get(r.profile_id)!, email: r.email, attempt: r.attempts }));
}

export interface SentCopy {
  profileId: number;
  subject: string;
  text: string;
}

/**
 * Records sent copies in one statement, right after SMTP accepted them (so a crash can only
 * resend the copies that were between SMTP and this statement): each becomes `sent` with an
 * interaction on the person's timeline (communication type `mass`, settled automatically,
 * dispatched), of the type `mailingInteractionType` gave.
 */
export async function recordSentCopies(em: EntityManager, mailingId: number, typeId: number, copies: SentCopy[]): Promise<void> {
  if (!copies.length) return;
  const sent = JSON.stringify(copies.map((s) => ({ user_id: s.profileId, subject: s.subject.slice(0, 130), summary: s.text })));
  await run(
    em,
    sql`with s as (select * from jsonb_to_recordset(${sent}::jsonb) as r(user_id int, subject text, summary text)),
         marked as (update mailing_recipient r set status = 'sent', sent_at = now(), error = null
                      from s where r.mailing_id = ${mailingId} and r.profile_id = s.user_id
                    returning r.profile_id)
        ${timelineInsert(typeId, `Sent by mailing ${mailingId}`, sql`select s.user_id, m.administrative_unit_id as unit_id, s.subject, s.summary, m.created_by_id as by_id
          from s join marked on marked.profile_id = s.user_id, mailing m where m.id = ${mailingId}`)}`,
  );
}

/**
 * The interactions of sent messages (communication type `mass`, settled automatically,
 * dispatched) as the insert that ends a statement: `rows` selects user_id, unit_id, subject,
 * summary and by_id (who made the message).
 */
export function timelineInsert(typeId: number, note: string, rows: Sql): Sql {
  return sql`insert into interaction (user_id, administrative_unit_id, created, updated, type_id, subject, date_from, summary,
                                 status_id, settlement, communication_type, dispatched, skills, program_of_interest, next_step,
                                 note, created_by_id, handled_by_id)
        select x.user_id, x.unit_id, now(), now(), ${typeId}, x.subject, now(), x.summary,
               (select id from interaction_status where status = 'Unknown' order by id limit 1), 'a', 'mass', true, '', '{}', '',
               ${note}, x.by_id, x.by_id
          from (${rows}) x`;
}

/** A copy the SMTP server refused for good (the address): `failed`, with the server's answer. */
export async function recordRefusedCopy(em: EntityManager, mailingId: number, profileId: number, error: string): Promise<void> {
  await run(
    em,
    sql`update mailing_recipient set status = 'failed', error = ${error.slice(0, 1000)}
         where mailing_id = ${mailingId} and profile_id = ${profileId}`,
  );
}

/** Claims given back after a passing failure: pending again, for the job's retry. */
export async function releaseMailingClaims(em: EntityManager, mailingId: number, profileIds: number[]): Promise<void> {
  if (!profileIds.length) return;
  await run(
    em,
    sql`update mailing_recipient set status = 'pending' where mailing_id = ${mailingId} and profile_id in (${profileIds}) and status = 'sending'`,
  );
}

/** The interaction type of mass e-mails (`mass-mailing`), or of another kind of message, made on first use. */
export async function mailingInteractionType(em: EntityManager, slug = 'mass-mailing', name = 'Hromadný e-mail'): Promise<number> {
  const [row] = await run<Array<{ id: number }>>(em, sql`select id from interaction_type where slug = ${slug}`);
  if (row) return row.id;
  await run(em, sql`insert into interaction_category (category, slug, display) values ('emails', 'emails', true) on conflict (slug) do nothing`);
  const [made] = await run<Array<{ id: number }>>(
    em,
    sql`insert into interaction_type (name, slug, category_id, send_email, send_sms, visible_fields)
        select ${name}, ${slug}, c.id, false, false, '{}' from interaction_category c where c.slug = 'emails'
        on conflict (slug) do update set slug = excluded.slug returning id`,
  );
  return made!.id;
}

/** Where a mailing stands: its status, copies not yet decided, and claims still in flight. */
export async function mailingState(em: EntityManager, mailingId: number): Promise<{ status: string; pending: number; inFlight: number; total: number; done: number }> {
  const [row] = await run<Array<{ status: string; pending: number; in_flight: number; total: number; done: number }>>(
    em,
    sql`select m.status,
               count(r.*) filter (where r.status = 'pending')::int as pending,
               count(r.*) filter (where r.status = 'sending')::int as in_flight,
               count(r.*)::int as total,
               count(r.*) filter (where r.status in ('sent', 'failed', 'skipped'))::int as done
          from mailing m left join mailing_recipient r on r.mailing_id = m.id where m.id = ${mailingId} group by m.status`,
  );
  if (!row) throw new NotFound();
  return { status: row.status, pending: row.pending, inFlight: row.in_flight, total: row.total, done: row.done };
}

/** Marks a mailing done once nothing is left to send (not when staff cancelled it meanwhile). */
export async function finishMailing(em: EntityManager, mailingId: number): Promise<void> {
  await run(
    em,
    sql`update mailing set status = 'done', finished_at = now()
         where id = ${mailingId} and status = 'sending'
           and not exists (select 1 from mailing_recipient where mailing_id = ${mailingId} and status in ('pending', 'sending'))`,
  );
}

/** What `@klub/emails` MailingCopies needs to make a mailing's copies, from the database and the key. */
export function mailingCopySource(
  em: EntityManager,
  mailingId: number,
  options: { secretKey: string; publicApiUrl: string; readFile: (key: string) => Promise<Buffer | undefined> },
) {
  return {
    mailingId,
    texts: (lang: Lang) => mailingTexts(em, mailingId, lang),
    fill: (texts: MailingTexts, person: MailingPerson) => slotValues(texts, person),
    unsubscribeUrl: (person: MailingPerson, unitId: number) =>
      unsubscribeUrl(options.publicApiUrl, unsubscribeToken(options.secretKey, person.profileId, unitId)),
    readAttachment: options.readFile,
  };
}
