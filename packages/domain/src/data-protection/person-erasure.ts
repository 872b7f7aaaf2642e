import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdminActor } from '../admin/audit-log.js';
import { recordAudit } from '../admin/audit-log.js';
import { Conflict, NotFound, ValidationError } from '../errors.js';
import type { FileStore } from '../files.js';
import { execute, inTransaction } from '../sql.js';
import { personEmails, PERSON_FILE_COLUMNS } from './person-export.js';

/**
 * Erasure by anonymisation (issue 22, the right to be forgotten, docs/data-protection.md). The
 * profile row stays, so the payments, their amounts, dates and variable symbols and the tax
 * confirmations stay linked to it for accounting; everything that identifies the person goes:
 * names, e-mails, phones, addresses, birth date, notes, the free texts of their interactions and
 * payments, their uploaded files, the e-mails sent to them and what the audit log held about
 * them. The account can no longer sign in (no password, no username, inactive; sessions and
 * OAuth tokens deleted). Their e-mail addresses no longer belong to any profile, so signing up
 * again with one creates a new person. Then every text column of every table (from
 * information_schema) is swept for their e-mail addresses, phone numbers and full name, so
 * copies in places nobody thought of go too. One transaction; the files are removed after it
 * commits. Irreversible, so it is confirmed twice: `prepareErasure` answers a token bound to the
 * person, the caller and a short expiry, which `erasePerson` requires.
 */

export const ERASED_NAME = '(anonymised)';
const ERASED_TEXT = '[erased]';
const TOKEN_MINUTES = 15;

export interface ErasureSummary {
  profile_id: number;
  emails: number;
  telephones: number;
  interactions: number;
  files: number;
  /** What stays for accounting. */
  payments: number;
  payments_total: number;
}

export interface ErasurePreparation {
  summary: ErasureSummary;
  confirmation_token: string;
  expires_at: string;
}

async function alreadyErased(em: EntityManager, profileId: number): Promise<boolean> {
  const rows = await execute<unknown[]>(em, `select 1 from audit_log where resource = 'profiles' and object_id = ? and action = 'erase' limit 1`, [
    String(profileId),
  ]);
  return rows.length > 0;
}

async function summarise(em: EntityManager, profileId: number): Promise<ErasureSummary> {
  const [row] = await execute<Array<Record<string, string | number | null>>>(
    em,
    `select p.id,
            (select count(*) from profile_email where user_id = p.id) as emails,
            (select count(*) from telephone where user_id = p.id) as telephones,
            (select count(*) from interaction where user_id = p.id) as interactions,
            (select count(*) from payment y join donor_payment_channel c on c.id = y.user_donor_payment_channel_id where c.user_id = p.id) as payments,
            (select coalesce(sum(y.amount), 0) from payment y join donor_payment_channel c on c.id = y.user_donor_payment_channel_id where c.user_id = p.id) as payments_total,
            (case when coalesce(p.profile_picture, '') <> '' then 1 else 0 end)
              + (select count(*) from interaction where user_id = p.id and coalesce(attachment, '') <> '') as files
       from profile p where p.id = ?`,
    [profileId],
  );
  if (!row) throw new NotFound();
  return {
    profile_id: profileId,
    emails: Number(row.emails),
    telephones: Number(row.telephones),
    interactions: Number(row.interactions),
    files: Number(row.files),
    payments: Number(row.payments),
    payments_total: Number(row.payments_total),
  };
}

const sign = (secret: string, profileId: number, actorId: number | null, expires: number): string =>
  createHmac('sha256', secret).update(`klub.erase:${profileId}:${actorId ?? 'cli'}:${expires}`).digest('base64url');

/** What an erasure of the person would remove and keep; 409 when they have been erased already. */
export async function previewErasure(em: EntityManager, profileId: number): Promise<ErasureSummary> {
  const summary = await summarise(em, profileId);
  if (await alreadyErased(em, profileId)) throw new Conflict('This person has already been erased.');
  return summary;
}

/** The first of the two confirmations: what will go and what stays, and the token the erasure needs. */
export async function prepareErasure(
  em: EntityManager,
  profileId: number,
  actor: AdminActor,
  secret: string,
  now = new Date(),
): Promise<ErasurePreparation> {
  const summary = await previewErasure(em, profileId);
  const expires = Math.floor(now.getTime() / 1000) + TOKEN_MINUTES * 60;
  return {
    summary,
    confirmation_token: `${expires}.${sign(secret, profileId, actor.id, expires)}`,
    expires_at: new Date(expires * 1000).toISOString(),
  };
}

/** Is `token` one that `prepareErasure` gave this caller for this person, and still fresh? */
export function checkErasureToken(token: string, profileId: number, actor: AdminActor, secret: string, now = new Date()): boolean {
  const [expiresText, mac] = token.split('.');
  const expires = Number(expiresText);
  if (!mac || !Number.isInteger(expires) || expires < now.getTime() / 1000) return false;
  const expected = Buffer.from(sign(secret, profileId, actor.id, expires));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings that identify the person anywhere: e-mail addresses, phone numbers, full names. */
async function identifiers(em: EntityManager, profileId: number): Promise<string[]> {
  const [p] = await execute<Array<{ first_name: string; last_name: string; name: string | null; username: string | null }>>(
    em,
    'select first_name, last_name, name, username from profile where id = ?',
    [profileId],
  );
  const phones = await execute<Array<{ telephone: string }>>(em, 'select telephone from telephone where user_id = ?', [profileId]);
  const first = p!.first_name.trim();
  const last = p!.last_name.trim();
  const names = first && last ? [`${first} ${last}`, `${last} ${first}`] : [];
  const all = [...(await personEmails(em, profileId)), ...phones.map((t) => t.telephone.trim()), ...names, p!.name?.trim() ?? ''];
  // Short strings would erase other people's words: a name shorter than this is not swept for.
  return [...new Set(all.filter((s) => s.length >= 5))];
}

/** Replace every string leaf of a JSON value, keeping its shape (which fields changed, not to what). */
function blankStrings(value: unknown): unknown {
  if (typeof value === 'string') return ERASED_TEXT;
  if (Array.isArray(value)) return value.map(blankStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankStrings(v)]));
  return value;
}

/** Every text, varchar and json(b) column of every table, grouped by table. */
interface TextColumn {
  column: string;
  /** `json` or `jsonb` for JSON columns, else null. */
  json: string | null;
}

async function textColumns(em: EntityManager): Promise<Map<string, TextColumn[]>> {
  const rows = await execute<Array<{ table: string } & TextColumn>>(
    em,
    `select quote_ident(table_name) as "table", quote_ident(column_name) as "column",
            case when data_type in ('json', 'jsonb') then data_type end as json
       from information_schema.columns
      where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
        and table_name not in ('mikro_orm_migrations', 'installation_secret')
        and table_name in (select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')
      order by 1, 2`,
  );
  const out = new Map<string, TextColumn[]>();
  for (const r of rows) out.set(r.table, [...(out.get(r.table) ?? []), { column: r.column, json: r.json }]);
  return out;
}

/**
 * Replace `needles` (case-insensitively) in every text column of every table: one statement per
 * table that holds a text column, touching only the rows that contain one. A JSON column is
 * replaced in its text form, which a needle without quotes or backslashes cannot break.
 */
async function sweep(em: EntityManager, needles: string[]): Promise<void> {
  const safe = needles.filter((n) => !/["\\]/.test(n));
  if (safe.length === 0) return;
  const pattern = safe.map(escapeRegex).join('|');
  const likes = safe.map((n) => `%${n.replace(/[%_\\]/g, '\\$&')}%`);
  for (const [table, columns] of await textColumns(em)) {
    const text = (c: TextColumn) => (c.json ? `${c.column}::text` : c.column);
    const sets = columns.map((c) => {
      const replaced = `regexp_replace(${text(c)}, ?, '${ERASED_TEXT}', 'gi')`;
      return `${c.column} = case when ${text(c)} ilike any(?::text[]) then ${c.json ? `(${replaced})::${c.json}` : replaced} else ${c.column} end`;
    });
    const where = columns.map((c) => `${text(c)} ilike any(?::text[])`).join(' or ');
    const array = `{${likes.map((l) => `"${l.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
    await execute(
      em,
      `update ${table} set ${sets.join(', ')} where ${where}`,
      [...columns.flatMap(() => [array, pattern]), ...columns.map(() => array)],
    );
  }
}

export interface ErasureRequest {
  actor: AdminActor;
  reason: string;
  files: FileStore;
}

/**
 * Anonymise the person (see the module comment). The caller has checked the confirmation.
 * Answers what went and what stayed.
 */
export async function erasePerson(em: EntityManager, profileId: number, request: ErasureRequest): Promise<ErasureSummary> {
  const reason = request.reason.trim();
  if (!reason) throw ValidationError.field('reason', 'This field may not be blank.');
  if (profileId === request.actor.id) throw ValidationError.nonField('You cannot erase your own profile.');
  const files: string[] = [];
  const summary = await inTransaction(em, async (tx) => {
    const locked = await execute<unknown[]>(tx, 'select id from profile where id = ? for update', [profileId]);
    if (locked.length === 0) throw new NotFound();
    if (await alreadyErased(tx, profileId)) throw new Conflict('This person has already been erased.');
    const result = await summarise(tx, profileId);
    const needles = await identifiers(tx, profileId);

    for (const { table, column, owner } of PERSON_FILE_COLUMNS) {
      const rows = await execute<Array<{ key: string }>>(tx, `select ${column} as key from ${table} where ${owner} = ? and coalesce(${column}, '') <> ''`, [
        profileId,
      ]);
      files.push(...rows.map((r) => r.key));
    }

    // Signing in: no password, no username, inactive; browser sessions and OAuth tokens end.
    await execute(tx, 'delete from session where user_id = ?', [profileId]);
    await execute(tx, 'delete from oauth_refresh_token where user_id = ?', [profileId]);
    await execute(tx, 'delete from oauth_access_token where user_id = ?', [profileId]);
    await execute(tx, 'delete from profile_role where profile_id = ?', [profileId]);

    // Messages to or about them: the e-mails sent, and jobs that carry their address.
    const emails = await personEmails(tx, profileId);
    if (emails.length) {
      const likes = `{${emails.map((e) => `"%${e.replace(/["\\%_]/g, '\\$&')}%"`).join(',')}}`;
      await execute(tx, `update sent_email set "to" = ?, subject = ? where "to" ilike any(?::text[])`, [ERASED_TEXT, ERASED_TEXT, likes]);
      await execute(tx, `delete from outbox_message where payload::text ilike any(?::text[])`, [likes]);
      await execute(tx, `delete from company_contact where email ilike any(?::text[])`, [likes]);
    }
    await execute(tx, 'delete from profile_email where user_id = ?', [profileId]);
    await execute(tx, 'delete from telephone where user_id = ?', [profileId]);
    await execute(tx, 'delete from company_contact where company_id = ?', [profileId]);

    await execute(
      tx,
      `update profile set password = null, username = null, email = null, is_active = false, is_staff = false, is_superuser = false,
              last_login = null, first_name = '', last_name = ?, name = case when kind = 'company' then ? end, crn = null, tin = null,
              addressment = '', addressment_on_envelope = '', street = '', city = '', country = '', zip_code = '',
              different_correspondence_address = false, correspondence_street = '', correspondence_city = '',
              correspondence_country = '', correspondence_zip_code = '', other_support = '', profile_text = null,
              profile_picture = null, other_benefits = '', note = '', title_before = null, title_after = null,
              age_group = null, birth_month = null, birth_day = null, sex = 'unknown', nickname = '', maiden_name = '',
              updated = now()
        where id = ?`,
      [ERASED_NAME, ERASED_NAME, profileId],
    );
    await execute(
      tx,
      `update interaction set subject = ?, summary = '', note = null, next_step = '', skills = '', attachment = null, updated = now()
        where user_id = ?`,
      [ERASED_TEXT, profileId],
    );
    await execute(tx, `update donor_payment_channel set other_support = '' where user_id = ?`, [profileId]);
    await execute(
      tx,
      `update user_bank_account set note = null where id in (select user_bank_account_id from donor_payment_channel where user_id = ?)`,
      [profileId],
    );
    // Payments stay with amount, date, symbols and account for accounting; the texts that name the payer go.
    await execute(
      tx,
      `update payment set account_name = '', done_by = '', user_identification = '', our_note = '', transfer_note = null,
              recipient_message = null, specification = null, custom_fields = '{}'::jsonb
        where user_donor_payment_channel_id in (select id from donor_payment_channel where user_id = ?)`,
      [profileId],
    );

    // What the audit log held about them: which fields changed stays, the values go.
    const entries = await execute<Array<{ id: string; changes: unknown }>>(
      tx,
      `select id::text as id, changes from audit_log where resource = 'profiles' and object_id = ? and changes <> '{}'::jsonb`,
      [String(profileId)],
    );
    for (const entry of entries) {
      await execute(tx, 'update audit_log set changes = ?::jsonb where id = ?', [JSON.stringify(blankStrings(entry.changes)), entry.id]);
    }

    await sweep(tx, needles);

    const pattern = needles.length ? new RegExp(needles.map(escapeRegex).join('|'), 'gi') : null;
    await recordAudit(tx, {
      actor: request.actor,
      action: 'erase',
      resource: 'profiles',
      objectId: profileId,
      changes: { reason: { new: pattern ? reason.replace(pattern, ERASED_TEXT) : reason }, kept: { new: { payments: result.payments } } },
    });
    return result;
  });
  // Only once the erasure is committed: a rolled-back one must not lose the files.
  for (const key of files) await request.files.remove(key);
  return summary;
}
