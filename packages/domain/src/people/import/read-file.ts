import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { PeopleImportFormat } from '@klub/contracts';
import { ValidationError } from '../../errors.js';

/** A cell as read: CSV gives text, XLSX may give numbers and dates. */
export type Cell = string | number | Date | boolean | null;

export interface PeopleFile {
  format: PeopleImportFormat;
  /** CSV only. */
  encoding: 'utf-8' | 'windows-1250' | null;
  delimiter: string | null;
  headers: string[];
  /** The data rows with their file line (the header is line 1), streamed. */
  rows(): AsyncIterable<{ line: number; cells: Cell[] }>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const isZip = (data: Uint8Array) => ZIP_MAGIC.every((b, i) => data[i] === b);

/**
 * Czech exports come as UTF-8 (with or without a BOM) or windows-1250 (Excel's "CSV" on a Czech
 * Windows): bytes that are valid UTF-8 are read as UTF-8, anything else as windows-1250, which
 * maps every byte, so the check is the strict UTF-8 decoder.
 */
export function decodeText(data: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1250' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(data), 'win1250'), encoding: 'windows-1250' };
  }
}

/** The delimiter of the header line: the most frequent of `;`, `,` and tab outside quotes (`;` on a tie, as Czech Excel writes). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ';';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** An XLSX cell's value as a Cell: rich text joined, formulas by their result, hyperlinks by their text. */
function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return xlsxCell((value.result ?? null));
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return null;
}

async function* xlsxRows(data: Uint8Array): AsyncIterable<Cell[]> {
  // The streaming reader keeps one row at a time; `styles: 'cache'` is what tells date cells from numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(data)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    let expected = 1;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      // Rows come with their number; blank rows in between are not emitted.
      for (; expected < row.number; expected++) yield [];
      const values = row.values as ExcelJS.CellValue[];
      yield values.slice(1).map(xlsxCell);
      expected = row.number + 1;
    }
    return; // the first sheet only
  }
}

const headerText = (c: Cell) => (c instanceof Date ? c.toISOString() : String(c ?? '').trim());
const isBlank = (cells: Cell[]) => cells.every((c) => c === null || String(c).trim() === '');

/**
 * Open an uploaded people file: XLSX by its zip signature, CSV otherwise (encoding and delimiter
 * detected). The first non-empty row holds the headers; they must be non-empty and distinct.
 */
export async function openPeopleFile(data: Uint8Array): Promise<PeopleFile> {
  if (data.length === 0) throw ValidationError.field('file', 'The submitted file is empty.');
  if (isZip(data)) {
    const read = async function* () {
      let line = 0;
      for await (const cells of xlsxRows(data)) {
        line++;
        if (!isBlank(cells)) yield { line, cells };
      }
    };
    return withHeaders({ format: 'xlsx', encoding: null, delimiter: null }, read, 'XLSX workbook');
  }
  if (data.includes(0)) throw ValidationError.field('file', 'The file is neither CSV nor XLSX.');
  const { text, encoding } = decodeText(data);
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  const read = async function* (records?: number) {
    // `info` gives each record's last line in the file, blank lines and quoted newlines counted;
    // `to` stops the parser early when only the header is wanted.
    const parser = Readable.from([text]).pipe(
      parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true, info: true, ...(records ? { to: records } : {}) }),
    ) as AsyncIterable<{ record: string[]; info: { lines: number } }>;
    for await (const { record, info } of parser) if (!isBlank(record)) yield { line: info.lines, cells: record as Cell[] };
  };
  return withHeaders({ format: 'csv', encoding, delimiter }, read, 'CSV');
}

type RowSource = (records?: number) => AsyncIterable<{ line: number; cells: Cell[] }>;

/** Reads the header row (the first non-blank one) and checks it; the rows after it are the data. */
async function withHeaders(meta: Pick<PeopleFile, 'format' | 'encoding' | 'delimiter'>, read: RowSource, kind: string): Promise<PeopleFile> {
  let headers: string[] | undefined;
  try {
    for await (const { cells } of read(1)) {
      headers = cells.map(headerText);
      break;
    }
  } catch (err) {
    throw ValidationError.field('file', `The file is not a readable ${kind} (${(err as Error).message}).`);
  }
  if (!headers || headers.every((h) => h === '')) throw ValidationError.field('file', 'The file has no header row.');
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  const seen = new Set<string>();
  for (const h of headers) {
    if (h === '') throw ValidationError.field('file', 'Every column needs a header (one is empty).');
    if (seen.has(h)) throw ValidationError.field('file', `The header "${h}" appears twice.`);
    seen.add(h);
  }
  return {
    ...meta,
    headers,
    rows: async function* () {
      let first = true;
      for await (const row of read()) {
        if (first) first = false;
        else yield row;
      }
    },
  };
}
