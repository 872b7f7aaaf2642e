import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pragueToday, type TaxConfirmationDocument, type TaxConfirmationVariable } from '@klub/contracts';
import type { FileStore } from '../files.js';
import { execute } from '../sql.js';
import { amountInCzechWords, amountInFigures } from './amount-in-words.js';

/** The text used while a unit has no template of its own (variables as in TAX_CONFIRMATION_VARIABLES). */
export const DEFAULT_TAX_CONFIRMATION_TEXT_CS = [
  'Potvrzujeme, že dárce {name}, {address}{donor_id}, poskytl v roce {year} naší organizaci dar v celkové výši {amount} (slovy: {amount_words}).',
  'Dar byl použit na podporu veřejně prospěšné činnosti organizace. Hodnotu daru si dárce může odečíst od základu daně podle § 15 odst. 1 (fyzické osoby), resp. § 20 odst. 8 (právnické osoby) zákona č. 586/1992 Sb., o daních z příjmů.',
  'Děkujeme vám za vaši podporu.',
].join('\n\n');

/** Who issues a unit's confirmations and with which text: its template, or the unit itself. */
export interface Issuer {
  name: string;
  address: string;
  ico: string;
  place: string;
  signatory: string;
  textCs: string;
  textEn: string | null;
  logoKey: string | null;
  signatureKey: string | null;
  logo: Uint8Array | null;
  signature: Uint8Array | null;
}

/** A unit's issuer (one statement), with its images read from the file store. */
export async function loadIssuer(em: EntityManager, files: Pick<FileStore, 'read'>, administrativeUnitId: number): Promise<Issuer | undefined> {
  const [row] = await execute<
    Array<{
      name: string;
      address: string;
      ico: string;
      place: string;
      signatory: string;
      text_cs: string | null;
      text_en: string | null;
      logo: string | null;
      signature: string | null;
    }>
  >(
    em,
    `select coalesce(nullif(t.issuer_name, ''), u.name) as name,
            coalesce(nullif(t.issuer_address, ''), concat_ws(', ', nullif(u.street, ''), nullif(trim(u.zip_code || ' ' || u.city), ''))) as address,
            coalesce(nullif(t.issuer_ico, ''), u.ico, '') as ico,
            coalesce(nullif(t.place, ''), u.city) as place,
            coalesce(t.signatory, '') as signatory,
            t.text_cs, t.text_en, t.logo, t.signature
       from administrative_unit u
       left join tax_confirmation_template t on t.administrative_unit_id = u.id
      where u.id = ?`,
    [administrativeUnitId],
  );
  if (!row) return undefined;
  const image = async (key: string | null) => (key ? ((await files.read(key)) ?? null) : null);
  return {
    name: row.name,
    address: row.address,
    ico: row.ico,
    place: row.place,
    signatory: row.signatory,
    textCs: row.text_cs ?? DEFAULT_TAX_CONFIRMATION_TEXT_CS,
    textEn: row.text_en,
    logoKey: row.logo,
    signatureKey: row.signature,
    logo: await image(row.logo),
    signature: await image(row.signature),
  };
}

/** One confirmation with what its PDF shows of the donor. */
export interface ConfirmationRow {
  id: number;
  profile_id: number;
  year: number;
  amount: number;
  payment_ids: number[];
  file: string | null;
  data_hash: string | null;
  kind: 'user' | 'company';
  language: string;
  title_before: string | null;
  title_after: string | null;
  first_name: string;
  last_name: string;
  company_name: string | null;
  username: string | null;
  street: string;
  zip_code: string;
  city: string;
  country: string;
  age_group: number | null;
  birth_month: number | null;
  birth_day: number | null;
  crn: string | null;
}

/** The select list and joins of ConfirmationRow, for statements that pick the rows. */
export const CONFIRMATION_ROW_SQL = `select t.id, t.profile_id, t.year, t.amount, t.payment_ids, t.file, t.data_hash,
            p.kind, p.language, p.title_before, p.title_after, p.first_name, p.last_name, p.name as company_name,
            p.username, p.street, p.zip_code, p.city, p.country, p.age_group, p.birth_month, p.birth_day, p.crn
       from tax_confirmation t join profile p on p.id = t.profile_id`;

function donorName(r: ConfirmationRow): string {
  if (r.kind === 'company') return r.company_name || r.username || '';
  const name = [r.title_before, r.first_name, r.last_name].filter(Boolean).join(' ');
  return (name + (r.title_after ? `, ${r.title_after}` : '')) || r.username || '';
}

function donorAddress(r: ConfirmationRow): string {
  const town = [r.zip_code, r.city].filter(Boolean).join(' ');
  const country = r.country && r.country !== 'Česká republika' ? r.country : '';
  return [r.street, town, country].filter(Boolean).join(', ');
}

const czechDate = (y: number, m: number, d: number) => `${d}. ${m}. ${y}`;

function birthDate(r: ConfirmationRow): string {
  if (r.kind !== 'user' || !r.age_group || !r.birth_month || !r.birth_day) return '';
  return czechDate(r.age_group, r.birth_month, r.birth_day);
}

/** `YYYY-MM-DD` → `d. m. yyyy`. */
function czechDay(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return czechDate(y!, m!, d!);
}

function fill(text: string, vars: Record<TaxConfirmationVariable, string>): string[] {
  const filled = text.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    name in vars ? vars[name as TaxConfirmationVariable] : whole,
  );
  return filled
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

/**
 * The document of one confirmation and the hash of everything in it but the issue date: a file
 * whose hash matches was drawn from the same data and need not be drawn again.
 */
export function buildDocument(issuer: Issuer, row: ConfirmationRow, issuedOnIso: string = pragueToday()): { document: TaxConfirmationDocument; hash: string } {
  const lang = row.language === 'en' && issuer.textEn ? 'en' : 'cs';
  const birth = birthDate(row);
  const ico = row.kind === 'company' ? (row.crn ?? '') : '';
  const donor = { name: donorName(row), address: donorAddress(row), kind: row.kind, birthDate: birth, ico };
  const amountFigures = amountInFigures(row.amount);
  const amountWords = amountInCzechWords(row.amount);
  const idText = lang === 'en' ? (birth ? `, born ${birth}` : ico ? `, company ID ${ico}` : '') : birth ? `, nar. ${birth}` : ico ? `, IČO ${ico}` : '';
  const vars = (date: string): Record<TaxConfirmationVariable, string> => ({
    name: donor.name,
    address: donor.address,
    birth_date: birth,
    ico,
    donor_id: idText,
    amount: amountFigures,
    amount_words: amountWords,
    year: String(row.year),
    date,
  });
  const text = lang === 'en' ? issuer.textEn! : issuer.textCs;
  const issuerText = { name: issuer.name, address: issuer.address, ico: issuer.ico, place: issuer.place, signatory: issuer.signatory };
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        issuer: issuerText,
        logo: issuer.logoKey,
        signature: issuer.signatureKey,
        text: fill(text, vars('{date}')),
        donor,
        year: row.year,
        amount: row.amount,
        payments: row.payment_ids,
      }),
    )
    .digest('hex');
  const issuedOn = czechDay(issuedOnIso);
  const title = lang === 'en' ? `Confirmation of donation ${row.year}` : `Potvrzení o přijetí daru ${row.year}`;
  return {
    hash,
    document: {
      lang,
      issuer: { ...issuerText, logo: issuer.logo, signature: issuer.signature },
      donor,
      year: row.year,
      amount: row.amount,
      amountFigures,
      amountWords,
      issuedOn,
      paragraphs: fill(text, vars(issuedOn)),
      title: `${title} – ${donor.name}`,
    },
  };
}
