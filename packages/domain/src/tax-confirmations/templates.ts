import type { EntityManager } from '@mikro-orm/postgresql';
import {
  formatDateTimeOrNull,
  TAX_CONFIRMATION_VARIABLES,
  TAX_TEMPLATE_IMAGE_MAX_BYTES,
  type TTaxConfirmationTemplateInput,
  type TUploadedFile,
} from '@klub/contracts';
import { NotFound, ValidationError } from '../errors.js';
import type { FileStore } from '../files.js';
import { execute } from '../sql.js';
import { DEFAULT_TAX_CONFIRMATION_TEXT_CS } from './documents.js';

/** The storage folder of template images (private: handed out through signed links only). */
export const TAX_TEMPLATE_KIND = 'tax_confirmation_templates';

/** A unit's template as stored, or its defaults while it has none. */
export interface TaxTemplateRecord {
  administrativeUnitId: number;
  custom: boolean;
  issuerName: string;
  issuerAddress: string;
  issuerIco: string;
  place: string;
  signatory: string;
  logo: string | null;
  signature: string | null;
  textCs: string;
  textEn: string | null;
  updated: string | null;
}

interface TemplateRow {
  unit_id: number;
  template_id: number | null;
  issuer_name: string | null;
  issuer_address: string | null;
  issuer_ico: string | null;
  place: string | null;
  signatory: string | null;
  logo: string | null;
  signature: string | null;
  text_cs: string | null;
  text_en: string | null;
  updated: Date | null;
}

/** A unit's template (one statement); undefined when the unit does not exist. */
export async function taxConfirmationTemplate(em: EntityManager, administrativeUnitId: number): Promise<TaxTemplateRecord | undefined> {
  if (!Number.isSafeInteger(administrativeUnitId) || administrativeUnitId < 1 || administrativeUnitId > 2_147_483_647) return undefined;
  const [row] = await execute<TemplateRow[]>(
    em,
    `select u.id as unit_id, t.id as template_id, t.issuer_name, t.issuer_address, t.issuer_ico, t.place, t.signatory,
            t.logo, t.signature, t.text_cs, t.text_en, t.updated
       from administrative_unit u left join tax_confirmation_template t on t.administrative_unit_id = u.id
      where u.id = ?`,
    [administrativeUnitId],
  );
  if (!row) return undefined;
  return {
    administrativeUnitId: row.unit_id,
    custom: row.template_id !== null,
    issuerName: row.issuer_name ?? '',
    issuerAddress: row.issuer_address ?? '',
    issuerIco: row.issuer_ico ?? '',
    place: row.place ?? '',
    signatory: row.signatory ?? '',
    logo: row.logo,
    signature: row.signature,
    textCs: row.text_cs ?? DEFAULT_TAX_CONFIRMATION_TEXT_CS,
    textEn: row.text_en,
    updated: formatDateTimeOrNull(row.updated === null ? null : new Date(row.updated)),
  };
}

/** The `{…}` placeholders of a text that are no variable, in order of appearance, each once. */
export function unknownTemplateVariables(text: string): string[] {
  const known = new Set<string>(TAX_CONFIRMATION_VARIABLES);
  const unknown: string[] = [];
  for (const m of text.matchAll(/\{([^{}\n]*)\}/g)) {
    const name = m[1]!;
    if (!known.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

const unknownVariableMessage = (names: string[]) =>
  `Unknown variable ${names.map((n) => `{${n}}`).join(', ')}. Use one of: ${TAX_CONFIRMATION_VARIABLES.map((v) => `{${v}}`).join(', ')}.`;
export const TEMPLATE_IMAGE_TYPE = 'Upload a PNG or JPEG image.';
export const templateImageTooLarge = (kb: number) => `The image must be at most ${kb} KB.`;

/** PNG or JPEG by its first bytes (react-pdf draws only these), or undefined. */
function imageType(data: Uint8Array): '.png' | '.jpg' | undefined {
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => data[i] === x)) return '.png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return '.jpg';
  return undefined;
}

function checkImage(file: TUploadedFile): string | undefined {
  if (!imageType(file.data)) return TEMPLATE_IMAGE_TYPE;
  if (file.data.byteLength > TAX_TEMPLATE_IMAGE_MAX_BYTES) return templateImageTooLarge(TAX_TEMPLATE_IMAGE_MAX_BYTES / 1024);
  return undefined;
}

/** Every field error of a template change at once (DRF answers them all in one 400). */
function validate(input: Omit<TTaxConfirmationTemplateInput, 'id'>): void {
  const errors: Record<string, string[]> = {};
  for (const key of ['text_cs', 'text_en'] as const) {
    const text = input[key];
    if (!text) continue;
    const unknown = unknownTemplateVariables(text);
    if (unknown.length) errors[key] = [unknownVariableMessage(unknown)];
  }
  for (const key of ['logo', 'signature'] as const) {
    const file = input[key];
    if (!file) continue;
    const problem = checkImage(file);
    if (problem) errors[key] = [problem];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/**
 * Create or change a unit's template (issue 20): texts checked for unknown variables, images
 * for type (PNG, JPEG by their bytes) and size, then stored under a fresh key; an image replaced
 * or removed is deleted from the store once the row no longer points to it. Confirmations drawn
 * earlier are redrawn by the next generation (the template is part of their data hash).
 */
export async function saveTaxConfirmationTemplate(
  em: EntityManager,
  files: FileStore,
  administrativeUnitId: number,
  input: Omit<TTaxConfirmationTemplateInput, 'id'>,
): Promise<TaxTemplateRecord> {
  const before = await taxConfirmationTemplate(em, administrativeUnitId);
  if (!before) throw new NotFound();
  validate(input);
  const stored: { logo?: string | null; signature?: string | null } = {};
  for (const key of ['logo', 'signature'] as const) {
    const file = input[key];
    if (file === undefined) continue;
    stored[key] = file === null ? null : await files.save(TAX_TEMPLATE_KIND, `${key}${imageType(file.data)!}`, file.data);
  }
  const value = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);
  const next = {
    issuer_name: value(input.issuer_name, before.issuerName),
    issuer_address: value(input.issuer_address, before.issuerAddress),
    issuer_ico: value(input.issuer_ico, before.issuerIco),
    place: value(input.place, before.place),
    signatory: value(input.signatory, before.signatory),
    logo: value(stored.logo, before.logo),
    signature: value(stored.signature, before.signature),
    text_cs: value(input.text_cs, before.textCs),
    // An empty English text is no English text.
    text_en: input.text_en === undefined ? before.textEn : input.text_en || null,
  };
  await execute(
    em,
    `insert into tax_confirmation_template
       (administrative_unit_id, issuer_name, issuer_address, issuer_ico, place, signatory, logo, signature, text_cs, text_en)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (administrative_unit_id) do update
        set issuer_name = excluded.issuer_name, issuer_address = excluded.issuer_address, issuer_ico = excluded.issuer_ico,
            place = excluded.place, signatory = excluded.signatory, logo = excluded.logo, signature = excluded.signature,
            text_cs = excluded.text_cs, text_en = excluded.text_en, updated = now()`,
    [
      administrativeUnitId,
      next.issuer_name,
      next.issuer_address,
      next.issuer_ico,
      next.place,
      next.signatory,
      next.logo,
      next.signature,
      next.text_cs,
      next.text_en,
    ],
  );
  for (const key of ['logo', 'signature'] as const) {
    const old = before[key];
    if (stored[key] !== undefined && old && old !== stored[key]) await files.remove(old).catch(() => undefined);
  }
  return (await taxConfirmationTemplate(em, administrativeUnitId))!;
}
