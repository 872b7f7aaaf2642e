import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../errors.js';
import type { AdminActor } from '../admin/audit-log.js';
import { foreignKeysTo } from '../admin/merge-rows.js';
import { execute, inTransaction } from '../sql.js';
import { recordPersonAccess } from './access-log.js';

/**
 * Everything stored about one person (issue 22, the right of access): the profile row and every
 * row of every table that refers to it, found through the database's own foreign keys, so a
 * table added later is exported without a change here (a test compares the document with
 * pg_constraint). Rows that belong to the person's rows (payments of their donation channels)
 * come one step further; the audit entries about the profile and the e-mails sent to their
 * addresses are added by name, as nothing refers to the person there by a key. Secrets (password
 * hash, session ids, token hashes) are left out.
 */

export const PERSON_EXPORT_FORMAT = 'klub-person-export';

/** Columns never exported: they are credentials, not data about the person. */
const SECRET_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  profile: ['password'],
  session: ['id', 'csrf_token'],
  oauth_access_token: ['token_hash'],
  oauth_refresh_token: ['token_hash'],
  oauth_application: ['client_secret_hash'],
  money_account: ['api_secret'],
};

/** Columns holding keys of stored files that belong to the person (the uploads erasure removes). */
export const PERSON_FILE_COLUMNS = [
  { table: 'profile', column: 'profile_picture', owner: 'id' },
  { table: 'interaction', column: 'attachment', owner: 'user_id' },
] as const;

export interface PersonFile {
  /** The storage key. */
  key: string;
  /** Where the key is stored, `table.column`. */
  from: string;
  /** Its name inside the export's ZIP. */
  path: string;
}

export interface PersonExport {
  format: typeof PERSON_EXPORT_FORMAT;
  version: 1;
  exported_at: string;
  profile_id: number;
  profile: Record<string, unknown>;
  /** `table.column` of each foreign key to profile → the rows whose column is this person. */
  references: Record<string, Array<Record<string, unknown>>>;
  /** `table.column` → rows that belong to one of the person's rows above (payments of their channels). */
  related: Record<string, Array<Record<string, unknown>>>;
  /** Admin audit entries about the profile (writes, merges, who looked, exports). */
  audit_entries_about: Array<Record<string, unknown>>;
  /** E-mails sent to one of the person's addresses. */
  sent_emails: Array<Record<string, unknown>>;
  files: PersonFile[];
}

const unquoted = (name: string): string => name.replace(/^"(.*)"$/, '$1').replace(/""/g, '"');

/** `to_jsonb(t)` of a row of `table` without its secret columns. */
function rowJson(table: string): string {
  return `to_jsonb(t)${(SECRET_COLUMNS[unquoted(table)] ?? []).map((c) => ` - '${c}'`).join('')}`;
}

/** `select` of the rows of `table` where `where`, as one jsonb array without the secret columns. */
function rowsAsJson(table: string, where: string): string {
  return `select coalesce(jsonb_agg(${rowJson(table)} order by to_jsonb(t)->'id'), '[]'::jsonb) from ${table} t where ${where}`;
}

interface Reference {
  table: string;
  column: string;
  /** The delete rule of the foreign key: rows that go with the person (not `set null`) are theirs. */
  owned: boolean;
  hasId: boolean;
}

/** Every foreign key to profile with what the export needs to know of it. */
async function references(em: EntityManager): Promise<Reference[]> {
  const keys = await foreignKeysTo(em, 'profile');
  const rules = await execute<Array<{ table: string; column: string; owned: boolean; has_id: boolean }>>(
    em,
    `select c.conrelid::regclass::text as "table", quote_ident(a.attname) as "column", c.confdeltype <> 'n' as owned,
            exists (select 1 from pg_attribute i where i.attrelid = c.conrelid and i.attname = 'id' and not i.attisdropped) as has_id
       from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'profile'::regclass`,
  );
  return keys.map((k) => {
    const rule = rules.find((r) => r.table === k.table && r.column === k.column);
    return { ...k, owned: rule?.owned ?? false, hasId: rule?.has_id ?? false };
  });
}

/**
 * The tables one step further: foreign keys to a table whose rows the person owns, from tables
 * that do not themselves refer to profile (those rows are exported by their own key already, and
 * an OAuth application's tokens are other people's).
 */
async function relatedKeys(em: EntityManager, refs: Reference[]): Promise<Array<{ table: string; column: string; via: Reference }>> {
  const direct = new Set(refs.map((r) => r.table));
  const out: Array<{ table: string; column: string; via: Reference }> = [];
  for (const via of refs.filter((r) => r.owned && r.hasId)) {
    for (const fk of await foreignKeysTo(em, via.table)) {
      if (!direct.has(fk.table)) out.push({ ...fk, via });
    }
  }
  return out;
}

/** Every e-mail address of the person (the profile's copy and the profile e-mails), lower-cased. */
export async function personEmails(em: EntityManager, profileId: number): Promise<string[]> {
  const rows = await execute<Array<{ email: string }>>(
    em,
    `select distinct lower(trim(email)) as email from (
       select email from profile where id = ? and email is not null
       union all select email from profile_email where user_id = ?) e
      where trim(email) <> ''`,
    [profileId, profileId],
  );
  return rows.map((r) => r.email);
}

export async function collectPersonData(em: EntityManager, profileId: number, now = new Date()): Promise<PersonExport> {
  const [profile] = await execute<Array<{ row: Record<string, unknown> }>>(em, `select ${rowJson('profile')} as row from profile t where id = ?`, [profileId]);
  if (!profile?.row) throw new NotFound();

  const refs = await references(em);
  const referenceRows: PersonExport['references'] = {};
  for (const ref of refs) {
    const [r] = await execute<Array<{ rows: Array<Record<string, unknown>> }>>(em, `select (${rowsAsJson(ref.table, `${ref.column} = ?`)}) as rows`, [profileId]);
    referenceRows[`${unquoted(ref.table)}.${unquoted(ref.column)}`] = r!.rows;
  }

  const related: PersonExport['related'] = {};
  for (const fk of await relatedKeys(em, refs)) {
    const [r] = await execute<Array<{ rows: Array<Record<string, unknown>> }>>(
      em,
      `select (${rowsAsJson(fk.table, `${fk.column} in (select id from ${fk.via.table} where ${fk.via.column} = ?)`)}) as rows`,
      [profileId],
    );
    related[`${unquoted(fk.table)}.${unquoted(fk.column)}`] = r!.rows;
  }

  const [about] = await execute<Array<{ rows: Array<Record<string, unknown>> }>>(
    em,
    `select (${rowsAsJson('audit_log', `resource = 'profiles' and object_id = ?`)}) as rows`,
    [String(profileId)],
  );
  const emails = await personEmails(em, profileId);
  const [sent] = emails.length
    ? await execute<Array<{ rows: Array<Record<string, unknown>> }>>(
        em,
        `select (${rowsAsJson('sent_email', `exists (select 1 from unnest(?::text[]) a where strpos(lower(t."to"), a) > 0)`)}) as rows`,
        [`{${emails.map((e) => `"${e.replace(/["\\]/g, '\\$&')}"`).join(',')}}`],
      )
    : [{ rows: [] }];

  const files: PersonFile[] = [];
  for (const { table, column } of PERSON_FILE_COLUMNS) {
    const rows = table === 'profile' ? [profile.row] : (referenceRows[`${table}.user_id`] ?? []);
    for (const row of rows) {
      const key = row[column];
      if (typeof key === 'string' && key !== '') files.push({ key, from: `${table}.${column}`, path: `files/${key}` });
    }
  }

  return {
    format: PERSON_EXPORT_FORMAT,
    version: 1,
    exported_at: now.toISOString(),
    profile_id: profileId,
    profile: profile.row,
    references: referenceRows,
    related,
    audit_entries_about: about!.rows,
    sent_emails: sent!.rows,
    files,
  };
}

/** The export as the admin API and the CLI give it: collected and recorded in the audit log together. */
export function exportPerson(em: EntityManager, profileId: number, actor: AdminActor): Promise<PersonExport> {
  return inTransaction(em, async (tx) => {
    const document = await collectPersonData(tx, profileId);
    await recordPersonAccess(tx, actor, 'export', [profileId]);
    return document;
  });
}
