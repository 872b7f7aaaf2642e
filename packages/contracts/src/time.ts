/**
 * Business time is Europe/Prague (api.md: "Today" and every calendar date). These helpers turn
 * instants into the wire forms of api.md §1.3 without a date library.
 */
export const BUSINESS_TZ = 'Europe/Prague';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const HOUR = 3_600_000;
// The offset only changes on whole UTC hours (DST switches at 01:00 UTC), so one Intl call per
// hour of time serves every instant in it: formatToParts costs far more than the arithmetic.
const offsetByHour = new Map<number, number>();

function measuredOffsetMinutes(d: Date): number {
  const p = Object.fromEntries(partsFormatter.formatToParts(d).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60000);
}

/** Minutes east of UTC that Prague observes at instant `d` (60 or 120). */
export function pragueOffsetMinutes(d: Date): number {
  const hour = Math.floor(d.getTime() / HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = measuredOffsetMinutes(new Date(hour * HOUR));
    if (offsetByHour.size > 50_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The Prague wall-clock fields of instant `d`. */
function pragueParts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const local = new Date(d.getTime() + pragueOffsetMinutes(d) * 60_000);
  return {
    year: String(local.getUTCFullYear()).padStart(4, '0'),
    month: two(local.getUTCMonth() + 1),
    day: two(local.getUTCDate()),
    hour: two(local.getUTCHours()),
    minute: two(local.getUTCMinutes()),
    second: two(local.getUTCSeconds()),
  };
}

/** `2024-05-01T10:11:12.123000+02:00`; fractional seconds only when non-zero (DRF's rendering). */
export function formatDateTime(d: Date): string {
  const p = pragueParts(d);
  const ms = d.getUTCMilliseconds();
  const frac = ms ? `.${String(ms).padStart(3, '0')}000` : '';
  const off = pragueOffsetMinutes(d);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const tz = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${frac}${tz}`;
}

export function formatDateTimeOrNull(d: Date | null | undefined): string | null {
  return d ? formatDateTime(d) : null;
}

/** Today's calendar date in Prague, `YYYY-MM-DD`. */
export function pragueToday(now: Date = new Date()): string {
  const p = pragueParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The instant of a Prague wall-clock time (for inputs without an offset, api.md §1.2). */
export function pragueLocalToInstant(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Two passes settle the offset across DST changes.
  let instant = guess - pragueOffsetMinutes(new Date(guess)) * 60000;
  instant = guess - pragueOffsetMinutes(new Date(instant)) * 60000;
  return new Date(instant);
}
