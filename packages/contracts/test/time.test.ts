import { describe, expect, it } from 'vitest';
import { formatDateTime, pragueLocalToInstant, pragueToday } from '../src/time.js';

describe('business time (api.md §1.3)', () => {
  it('renders instants with the Prague offset, winter and summer', () => {
    expect(formatDateTime(new Date('2020-02-29T23:00:00Z'))).toBe('2020-03-01T00:00:00+01:00');
    expect(formatDateTime(new Date('2024-05-01T08:11:12.123Z'))).toBe('2024-05-01T10:11:12.123000+02:00');
  });

  it('reads a wall-clock time without offset as Prague local time, across DST', () => {
    expect(pragueLocalToInstant(2015, 4, 10, 15, 15).toISOString()).toBe('2015-04-10T13:15:00.000Z');
    expect(pragueLocalToInstant(2015, 1, 10, 15, 15).toISOString()).toBe('2015-01-10T14:15:00.000Z');
  });

  it('takes today from the Prague calendar, not UTC', () => {
    expect(pragueToday(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27');
  });
});
