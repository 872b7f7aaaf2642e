import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

export interface PdfRow {
  id: number;
  name: string;
  topic: string;
  author: string | null;
  created: Date | null;
}

/**
 * Display name of a profile (domain.md §2.1.2 `person_name`): a user's `title_before last_name
 * first_name` (empty parts skipped) and `, title_after`, or the username when both names are
 * empty; a company's name, else its username.
 */
const PERSON_NAME_SQL = `case
  when a.id is null then null
  when a.kind = 'company' then coalesce(nullif(a.name, ''), a.username)
  when a.first_name = '' and a.last_name = '' then a.username
  else concat_ws(' ', nullif(a.title_before, ''), nullif(a.last_name, ''), nullif(a.first_name, ''))
       || coalesce(', ' || nullif(a.title_after, ''), '')
end`;

/** `GET /api/pdf_storage/{related_id}/list/` (api.md §10.1): ordered by id; no author → null (D34). */
export async function listPdfsRelatedTo(em: EntityManager, relatedId: number): Promise<PdfRow[]> {
  if (relatedId < -2_147_483_648 || relatedId > 2_147_483_647) return [];
  const rows = await execute<Array<Omit<PdfRow, 'created'> & { created: Date | string | null }>>(
    em,
    `select s.id, s.name, s.topic, ${PERSON_NAME_SQL} as author, s.created
       from pdf_storage s left join profile a on a.id = s.author_id
      where s.related_ids @> array[?::int]
      order by s.id`,
    [relatedId],
  );
  // The driver hands timestamptz over as text.
  return rows.map((r) => ({ ...r, created: r.created === null ? null : new Date(r.created) }));
}

/** The stored file key of a PDF (a storage key, never a caller's path), if the PDF exists. */
export async function pdfFileKey(em: EntityManager, id: number): Promise<string | undefined> {
  if (id < 1 || id > 2_147_483_647) return undefined;
  const [row] = await execute<Array<{ pdfFile: string }>>(em, 'select pdf_file as "pdfFile" from pdf_storage where id = ?', [id]);
  return row?.pdfFile;
}

/** `GET /api/pdf_storage/all_related_ids/` (api.md §10.3): the distinct union of all related ids. */
export async function allPdfRelatedIds(em: EntityManager): Promise<number[]> {
  const rows = await execute<Array<{ id: number }>>(em, 'select distinct unnest(related_ids) as id from pdf_storage order by 1');
  return rows.map((r) => r.id);
}
