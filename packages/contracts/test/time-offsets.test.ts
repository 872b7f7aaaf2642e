import { describe, expect, it } from 'vitest';
import { formatDateTime, pragueOffsetMinutes, pragueToday } from '../src/time.js';

// The formatter the cached offsets must agree with (issue 7 replaced per-call formatToParts).
const intl = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Prague',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

describe('Prague wall-clock from cached hourly offsets', () => {
  it('agrees with Intl on DST switches and on 5,000 instants from 1940 to 2090', () => {
    const instants = [
      Date.UTC(2024, 2, 31, 0, 59, 59, 999),
      Date.UTC(2024, 2, 31, 1, 0, 0),
      Date.UTC(2024, 9, 27, 0, 59, 59),
      Date.UTC(2024, 9, 27, 1, 0, 0, 1),
      Date.UTC(2000, 0, 1),
    ];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      instants.push(-946_771_200_000 + Math.floor((seed / 2 ** 31) * 4_733_856_000_000));
    }
    for (const t of instants) {
      const p = Object.fromEntries(intl.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.slice(3);
      const ms = new Date(t).getUTCMilliseconds();
      const frac = ms ? `.${String(ms).padStart(3, '0')}000` : '';
      expect(formatDateTime(new Date(t))).toBe(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${frac}${offset}`);
      expect(pragueToday(new Date(t))).toBe(`${p.year}-${p.month}-${p.day}`);
    }
    expect(pragueOffsetMinutes(new Date(Date.UTC(2024, 6, 1)))).toBe(120);
    expect(pragueOffsetMinutes(new Date(Date.UTC(2024, 0, 1)))).toBe(60);
  });
});
