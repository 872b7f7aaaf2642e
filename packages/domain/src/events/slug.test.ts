import { describe, expect, it } from 'vitest';
import { slugText } from './slug.js';
import { imageExtension } from './event-photos.js';
import { isEventOrganizer, parseDob } from './permissions.js';

describe('slugText (domain.md §8 slug rules)', () => {
  it('transliterates, lower-cases, joins words with one hyphen and keeps underscores', () => {
    expect(slugText('Zažít město jinak')).toBe('zazit-mesto-jinak');
    expect(slugText('  --Hello,   World!! -- ')).toBe('hello-world');
    expect(slugText('event_registration')).toBe('event_registration');
    expect(slugText('Ř  --  Ž')).toBe('r-z');
    expect(slugText('¡¿')).toBe('');
  });

  it('truncates to the maximum length without a trailing hyphen', () => {
    expect(slugText('abc def', 4)).toBe('abc');
    expect(slugText('x'.repeat(120))).toHaveLength(100);
  });
});

describe('front-end permission rules', () => {
  const user = { id: 1, isSuperuser: false, isActive: true, roles: [] as string[] };

  it('makes active superusers and holders of the event_organizer role organizers (domain.md §2.7)', () => {
    expect(isEventOrganizer(user)).toBe(false);
    expect(isEventOrganizer({ ...user, roles: ['event_organizer'] })).toBe(true);
    expect(isEventOrganizer({ ...user, isSuperuser: true })).toBe(true);
    expect(isEventOrganizer({ ...user, isSuperuser: true, isActive: false })).toBe(false);
  });

  it('reads ?dob= as a real date or refuses it with the reference’s 403 body', () => {
    expect(parseDob('2003-03-29')).toEqual({ year: 2003, month: 3, day: 29 });
    expect(parseDob('2003-3-9')).toEqual({ year: 2003, month: 3, day: 9 });
    for (const bad of [undefined, '', '1993--29', '2003-02-30', '29.3.2003']) {
      expect(() => parseDob(bad)).toThrow(expect.objectContaining({ status: 403 }));
    }
  });
});

describe('imageExtension', () => {
  it('recognises images by their first bytes, not their names', () => {
    const file = (bytes: number[]) => ({ filename: 'x.png', contentType: 'image/png', size: bytes.length, data: new Uint8Array(bytes) });
    expect(imageExtension(file([0xff, 0xd8, 0xff, 0xe0]))).toBe('.jpg');
    expect(imageExtension(file([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('.png');
    expect(imageExtension(file([...Buffer.from('GIF89a')]))).toBe('.gif');
    expect(imageExtension(file([...Buffer.from('hello')]))).toBeUndefined();
  });
});
