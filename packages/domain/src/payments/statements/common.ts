import { parse, type Options } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ParseError } from '../../errors.js';

/** A malformed statement: the message names the line (1-based, as an editor shows it). */
export class StatementParseError extends ParseError {
  constructor(
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? reason : `line ${line}: ${reason}`);
  }
}

/** One row of the file as the CSV reader returns it, with its line number. */
export interface Row {
  line: number;
  cells: string[];
}

export type Encoding = 'utf-8' | 'windows-1250';

function lineOfOffset(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i += 1) if (buf[i] === 0x0a) line += 1;
  return line;
}

function firstNonAscii(buf: Buffer): number {
  for (let i = 0; i < buf.length; i += 1) if (buf[i]! >= 0x80) return i;
  return -1;
}

/**
 * Decodes a statement, refusing a file in the wrong encoding instead of importing garbled names:
 * a UTF-8 format must be valid UTF-8; a windows-1250 format must not be a UTF-8 file with
 * non-ASCII text (a real cp1250 Czech text is practically never valid UTF-8), nor use the five
 * byte values that cp1250 leaves undefined.
 */
export function decode(buf: Buffer, encoding: Encoding, bank: string): string {
  if (encoding === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
    } catch {
      // Find the first line that does not decode.
      let start = 0;
      let line = 1;
      for (let i = 0; i <= buf.length; i += 1) {
        if (i === buf.length || buf[i] === 0x0a) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start, i));
          } catch {
            throw new StatementParseError(line, `the file is not valid UTF-8 (${bank} statements are UTF-8)`);
          }
          start = i + 1;
          line += 1;
        }
      }
      throw new StatementParseError(null, `the file is not valid UTF-8 (${bank} statements are UTF-8)`);
    }
  }
  const nonAscii = firstNonAscii(buf);
  if (nonAscii >= 0) {
    let isUtf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      isUtf8 = false;
    }
    if (isUtf8) {
      throw new StatementParseError(
        lineOfOffset(buf, nonAscii),
        `the file is UTF-8 encoded, but ${bank} statements are windows-1250 (cp1250)`,
      );
    }
  } else {
    // ASCII reads the same in cp1250, and Node's own decoder is faster than iconv's.
    return buf.toString('latin1');
  }
  const text = iconv.decode(buf, 'win1250');
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    throw new StatementParseError(
      text.slice(0, bad).split('\n').length,
      `byte not valid in windows-1250 (${bank} statements are cp1250)`,
    );
  }
  return text;
}

/** Rows through a CSV reader (csv-parse), tolerant of ragged rows and stray quotes; a broken quote names its line. */
export function readCsv(text: string, delimiter: string): Row[] {
  const options: Options = {
    delimiter,
    quote: '"',
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    bom: true,
  };
  try {
    // csv-parse's line numbers cost an info object per record (about a third of its time). Without
    // a quote and without a line break left inside a cell (mixed line ends), every record ended at
    // one line break and empty lines are kept, so record i is line i + 1.
    if (!text.includes('"')) {
      const records = parse(text, options);
      if (!records.some((cells) => cells.some((c) => c.includes('\n') || c.includes('\r')))) {
        return records.map((cells, i) => ({ line: i + 1, cells }));
      }
    }
    const records = parse(text, { ...options, info: true }) as unknown as Array<{
      info: { lines: number };
      record: string[];
    }>;
    return records.map(({ info, record }) => ({ line: info.lines, cells: record }));
  } catch (err) {
    const e = err as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new StatementParseError(e.lines ?? null, `unreadable CSV (${e.message})`);
    throw err;
  }
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n += 1;
  return n;
}

/**
 * The rows of `readCsv`, read a slice of the file at a time (about `sliceChars` characters, cut
 * after a line break), so a caller can use the first rows before the rest is parsed. Each batch
 * carries the offset up to which the text is read. Slices are only cut in a quote-free file whose
 * line ends are all LF or all CRLF, where a record is exactly one line (as in `readCsv`'s fast
 * path) and every slice reads as it would inside the whole file; any other file is one batch.
 */
export function* readCsvSlices(
  text: string,
  delimiter: string,
  sliceChars = 256 * 1024,
): Generator<{ rows: Row[]; end: number }, void, undefined> {
  const crs = text.includes('\r') ? count(text, '\r') : 0;
  if (text.includes('"') || (crs > 0 && (count(text, '\r\n') !== crs || count(text, '\n') !== crs))) {
    yield { rows: readCsv(text, delimiter), end: text.length };
    return;
  }
  let start = 0;
  let line = 1;
  while (start < text.length) {
    const cut = text.indexOf('\n', Math.min(start + sliceChars, text.length) - 1);
    const end = cut < 0 ? text.length : cut + 1;
    let records: string[][];
    try {
      records = parse(text.slice(start, end), {
        delimiter,
        quote: '"',
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: false,
        bom: start === 0,
      });
    } catch (err) {
      const e = err as Error & { code?: string; lines?: number };
      if (e.code?.startsWith('CSV_')) {
        throw new StatementParseError(e.lines ? line + e.lines - 1 : null, `unreadable CSV (${e.message})`);
      }
      throw err;
    }
    const first = line;
    yield { rows: records.map((cells, i) => ({ line: first + i, cells })), end };
    line += records.length;
    start = end;
  }
}

export function isBlank(row: Row): boolean {
  return row.cells.every((c) => c.trim() === '');
}

/** Cell `i`, or `undefined` when the row is shorter (the original's NULL for missing trailing columns). */
export function cell(row: Row, i: number): string | undefined {
  return row.cells[i];
}

/**
 * Whole CZK, rounded half-to-even like Python's `round` (jobs.md §6.1): `1 222,20` → 1222,
 * `0,5` → 0, `1,5` → 2. Returns the sign separately so callers can skip outgoing lines.
 */
export function parseAmount(raw: string | undefined, line: number): number {
  const s = (raw ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m)
    throw new StatementParseError(
      line,
      raw === undefined || raw.trim() === '' ? 'missing amount' : `invalid amount ${JSON.stringify(raw)}`,
    );
  const negative = m[1] === '-';
  let whole = Number(m[2]);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac !== '') {
    const half = frac[0]! > '5' || (frac[0] === '5' && frac.length > 1) ? 1 : frac[0] === '5' ? 0.5 : 0;
    if (half === 1 || (half === 0.5 && whole % 2 === 1)) whole += 1;
  }
  return negative ? -whole : whole;
}

function isoDate(y: number, m: number, d: number, line: number, raw: string): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!(y > 1900 && y < 3000) || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new StatementParseError(line, `invalid date ${JSON.stringify(raw)}`);
  }
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `d.m.yyyy` (no zero padding required), optionally followed by a time: `01.02.2018 04:51`. */
export function parseDmy(raw: string | undefined, line: number): string {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$/.exec(raw ?? '');
  if (!m) throw new StatementParseError(line, raw ? `invalid date ${JSON.stringify(raw)}` : 'missing date');
  return isoDate(Number(m[3]), Number(m[2]), Number(m[1]), line, raw!);
}

/** `yyyy/mm/dd` (Česká spořitelna). */
export function parseYmdSlash(raw: string | undefined, line: number): string {
  const m = /^\s*(\d{4})\/(\d{1,2})\/(\d{1,2})\s*$/.exec(raw ?? '');
  if (!m) throw new StatementParseError(line, raw ? `invalid date ${JSON.stringify(raw)}` : 'missing date');
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), line, raw!);
}

/** Bank codes are 4 digits: `"0"` → `0000`, `600` → `0600`. */
export function padBankCode(code: string | undefined): string {
  const c = (code ?? '').trim();
  return c === '' ? '' : c.padStart(4, '0');
}

/** `"28937-32323234/9999"` → `["28937-32323234", "9999"]`; no `/` → bank code `''`. */
export function splitAccount(raw: string | undefined): [string, string] {
  const s = (raw ?? '').trim();
  const i = s.lastIndexOf('/');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** Strips leading zeros; all zeros (or empty) gives `''` (Sberbank symbols). */
export function stripZeros(s: string | undefined): string {
  return (s ?? '').trim().replace(/^0+/, '');
}

export { iconv };

/**
 * A data row must reach the last column its parser reads: fewer cells means the line was cut
 * (a truncated upload), which would otherwise import a half-empty payment.
 */
export function requireColumns(row: Row, count: number): void {
  if (row.cells.length < count) {
    throw new StatementParseError(row.line, `truncated line: ${row.cells.length} of at least ${count} columns`);
  }
}

/** A missing cell as `''` (blank columns) or `null` (nullable columns), the two "no value" markers. */
export const s = (v: string | undefined): string => v ?? '';
export const n = (v: string | undefined): string | null => v ?? null;
