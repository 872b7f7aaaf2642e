import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeField, field, issuesToFieldErrors, parseDrfDatetime, queryList, ZPage, ZPageQuery } from '../src/index.js';

/** Parse `value` as the only key of an object, the way a request body is parsed. */
function parse(schema: z.ZodType, value: unknown, present = true) {
  const r = z.object({ f: schema }).safeParse(present ? { f: value } : {});
  return r.success ? { ok: true as const, value: r.data.f } : { ok: false as const, errors: issuesToFieldErrors(r.error.issues, { f: value }) };
}
const ok = (value: unknown) => ({ ok: true, value });
const err = (...messages: string[]) => ({ ok: false, errors: { f: messages } });

describe('field.string (api.md §1.2 string)', () => {
  const s = field.string({ maxLength: 5 });
  it('accepts strings and turns numbers into their text', () => {
    expect(parse(s, 'abc')).toEqual(ok('abc'));
    expect(parse(s, 12)).toEqual(ok('12'));
    expect(parse(s, 1.5)).toEqual(ok('1.5'));
  });
  it('trims before validating and storing', () => {
    expect(parse(s, '  ab  ')).toEqual(ok('ab'));
    expect(parse(s, '   abcde   ')).toEqual(ok('abcde'));
  });
  it('refuses booleans, objects and arrays', () => {
    for (const v of [true, false, {}, [], ['a']]) expect(parse(s, v)).toEqual(err('Not a valid string.'));
  });
  it('refuses blank unless allowed', () => {
    expect(parse(s, '')).toEqual(err('This field may not be blank.'));
    expect(parse(s, '   ')).toEqual(err('This field may not be blank.'));
    expect(parse(field.string({ allowBlank: true }), '  ')).toEqual(ok(''));
  });
  it('counts characters for max and min length', () => {
    expect(parse(s, 'abcdef')).toEqual(err('Ensure this field has no more than 5 characters.'));
    expect(parse(s, 'žluťo')).toEqual(ok('žluťo'));
    expect(parse(field.string({ minLength: 3 }), 'ab')).toEqual(err('Ensure this field has at least 3 characters.'));
  });
  it('distinguishes missing, null, optional and nullable', () => {
    expect(parse(s, undefined, false)).toEqual(err('This field is required.'));
    expect(parse(s, null)).toEqual(err('This field may not be null.'));
    expect(parse(s.optional(), undefined, false)).toEqual(ok(undefined));
    expect(parse(s.nullable(), null)).toEqual(ok(null));
    expect(parse(s.nullable(), undefined, false)).toEqual(err('This field is required.'));
  });
  it('keeps working after .describe()', () => {
    expect(parse(s.describe('doc'), ' x ')).toEqual(ok('x'));
    expect(describeField(s.describe('doc').optional()).info).toEqual({ kind: 'string', allowBlank: false });
  });
});

describe('field.integer / field.float', () => {
  it('accepts integers and digit strings', () => {
    const i = field.integer();
    expect(parse(i, 111)).toEqual(ok(111));
    expect(parse(i, '111')).toEqual(ok(111));
    expect(parse(i, ' -7 ')).toEqual(ok(-7));
    expect(parse(i, '3.0')).toEqual(ok(3));
  });
  it('refuses anything else', () => {
    const i = field.integer();
    for (const v of ['abc', '1.5', 1.5, true, '', [], {}]) expect(parse(i, v)).toEqual(err('A valid integer is required.'));
    expect(parse(i, null)).toEqual(err('This field may not be null.'));
  });
  it('states the minimum', () => {
    expect(parse(field.integer({ min: 0 }), -1)).toEqual(err('Ensure this value is greater than or equal to 0.'));
    expect(parse(field.integer({ max: 10 }), '11')).toEqual(err('Ensure this value is less than or equal to 10.'));
  });
  it('parses floats from numbers and numeric text', () => {
    const f = field.float();
    expect(parse(f, 1.25)).toEqual(ok(1.25));
    expect(parse(f, ' 1e3 ')).toEqual(ok(1000));
    expect(parse(f, '-.5')).toEqual(ok(-0.5));
    for (const v of ['x', true, '1,5', []]) expect(parse(f, v)).toEqual(err('A valid number is required.'));
  });
});

describe('field.boolean', () => {
  const b = field.boolean();
  it('accepts every documented spelling', () => {
    for (const v of [true, 1, '1', 'true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'y', 'Y', 't', 'T', 'on', 'On', 'ON']) {
      expect(parse(b, v)).toEqual(ok(true));
    }
    for (const v of [false, 0, '0', 'false', 'False', 'FALSE', 'no', 'No', 'NO', 'n', 'N', 'f', 'F', 'off', 'Off', 'OFF']) {
      expect(parse(b, v)).toEqual(ok(false));
    }
  });
  it('refuses others', () => {
    for (const v of ['maybe', 2, 'tRuE', '', [], {}]) expect(parse(b, v)).toEqual(err('Must be a valid boolean.'));
  });
});

describe('field.date / field.datetime', () => {
  it('accepts 1–2 digit month and day, answers YYYY-MM-DD', () => {
    expect(parse(field.date(), '2015-4-10')).toEqual(ok('2015-04-10'));
    expect(parse(field.date(), '2016-02-29')).toEqual(ok('2016-02-29'));
  });
  it('refuses other forms and impossible dates', () => {
    const msg = 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.';
    for (const v of ['10.4.2015', '2015-02-30', '2015-13-01', '2015-04-10T10:00', 20150410, '']) {
      expect(parse(field.date(), v)).toEqual(err(msg));
    }
  });
  it('reads a datetime without offset as Prague time', () => {
    expect(parse(field.datetime(), '2015-4-10T15:15')).toEqual(ok(new Date('2015-04-10T13:15:00Z')));
    expect(parse(field.datetime(), '2020-01-05T08:00:00')).toEqual(ok(new Date('2020-01-05T07:00:00Z')));
  });
  it('honours Z, offsets and fractions', () => {
    expect(parseDrfDatetime('2024-05-01T10:11:12.123456+02:00')).toEqual(new Date('2024-05-01T08:11:12.123Z'));
    expect(parseDrfDatetime('2024-05-01T10:11Z')).toEqual(new Date('2024-05-01T10:11:00Z'));
    expect(parseDrfDatetime('2024-05-01 10:11:00-0130')).toEqual(new Date('2024-05-01T11:41:00Z'));
  });
  it('refuses other forms', () => {
    const msg = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
    for (const v of ['2015-04-10', 'now', '2015-04-10T25:00', 5, true]) expect(parse(field.datetime(), v)).toEqual(err(msg));
  });
});

describe('field.choice / field.multipleChoice', () => {
  it('matches by text form', () => {
    expect(parse(field.choice([12, 24]), '12')).toEqual(ok(12));
    expect(parse(field.choice([12, 24]), 24)).toEqual(ok(24));
    expect(parse(field.choice(['a', 'b']), 'b')).toEqual(ok('b'));
  });
  it('quotes the refused value', () => {
    expect(parse(field.choice(['a', 'b']), 'x')).toEqual(err('"x" is not a valid choice.'));
    expect(parse(field.choice(['a', 'b']), true)).toEqual(err('"True" is not a valid choice.'));
    expect(parse(field.choice(['a', 'b']), '')).toEqual(err('"" is not a valid choice.'));
    expect(parse(field.choice(['a', 'b'], { allowBlank: true }), '')).toEqual(ok(''));
  });
  it('wants a list for multiple choice', () => {
    const m = field.multipleChoice(['vegan', 'meat']);
    expect(parse(m, ['vegan', 'vegan', 'meat'])).toEqual(ok(['vegan', 'meat']));
    expect(parse(m, 'vegan')).toEqual(err('Expected a list of items but got type "str".'));
    expect(parse(m, 5)).toEqual(err('Expected a list of items but got type "int".'));
    expect(parse(m, ['fish'])).toEqual(err('"fish" is not a valid choice.'));
    expect(parse(field.multipleChoice(['a'], { allowEmpty: false }), [])).toEqual(err('This list may not be empty.'));
  });

  it('takes a query-string list from its wrapper, which JSON cannot forge', () => {
    expect(parse(field.multipleChoice(['a', 'b']), queryList(['b']))).toEqual(ok(['b']));
    expect(parse(field.list(field.integer()), queryList(['1', '2']))).toEqual(ok([1, 2]));
    expect(parse(field.multipleChoice(['a']), { '[QUERY_LIST]': ['a'] })).toEqual(err('Expected a list of items but got type "dict".'));
  });
});

describe('field.email / field.url / field.pk', () => {
  it('validates and optionally lower-cases e-mail', () => {
    expect(parse(field.email(), ' Ann@Example.org ')).toEqual(ok('Ann@Example.org'));
    expect(parse(field.email({ lowercase: true }), 'Ann@Example.ORG')).toEqual(ok('ann@example.org'));
    for (const v of ['ann', 'ann@', '@x.cz', 'a b@x.cz', 'ann@x']) expect(parse(field.email(), v)).toEqual(err('Enter a valid email address.'));
    expect(parse(field.email(), `${'a'.repeat(260)}@x`)).toEqual(
      err('Ensure this field has no more than 254 characters.', 'Enter a valid email address.'),
    );
  });
  it('validates URLs', () => {
    expect(parse(field.url(), 'https://example.org/a?b=c')).toEqual(ok('https://example.org/a?b=c'));
    for (const v of ['example.org', 'javascript:alert(1)', 'http://nodot']) expect(parse(field.url(), v)).toEqual(err('Enter a valid URL.'));
  });
  it('reports the wrong type of a primary key', () => {
    expect(parse(field.pk(), '12')).toEqual(ok(12));
    expect(parse(field.pk(), 'abc')).toEqual(err('Incorrect type. Expected pk value, received str.'));
    expect(parse(field.pk(), true)).toEqual(err('Incorrect type. Expected pk value, received bool.'));
  });
});

describe('plain zod schemas get DRF wording (global error map)', () => {
  it('words the common issues', () => {
    const schema = z.object({ a: z.string(), b: z.number().int().min(1), c: z.enum(['x']), d: z.string().min(1), e: z.array(z.string()) });
    const r = schema.safeParse({ b: 0, c: 'y', d: '', e: 'q' });
    expect(r.success).toBe(false);
    expect(issuesToFieldErrors(r.error!.issues, {})).toEqual({
      a: ['This field is required.'],
      b: ['Ensure this value is greater than or equal to 1.'],
      c: ['"y" is not a valid choice.'],
      d: ['This field may not be blank.'],
      e: ['Expected a list of items but got type "str".'],
    });
  });
});

describe('issuesToFieldErrors (api.md §1.5)', () => {
  const Channel = z.object({ money_account: field.string(), amount: field.integer({ min: 0 }) });
  const Body = z
    .object({ userchannels: z.array(Channel), address: z.object({ city: field.string() }), tags: z.array(field.integer()) })
    .refine(() => false, { message: 'Whole body is wrong.' });

  it('nests objects, aligns lists of objects, keys scalar lists by index', () => {
    const input = {
      userchannels: [{ money_account: 'a', amount: 1 }, { money_account: '', amount: -1 }, { money_account: 'b', amount: 2 }],
      address: { city: null },
      tags: [1, 'x'],
    };
    const r = Body.safeParse(input);
    expect(issuesToFieldErrors(r.error!.issues, input)).toEqual({
      userchannels: [
        {},
        { money_account: ['This field may not be blank.'], amount: ['Ensure this value is greater than or equal to 0.'] },
        {},
      ],
      address: { city: ['This field may not be null.'] },
      tags: { '1': ['A valid integer is required.'] },
    });
  });

  it('puts path-less issues under non_field_errors', () => {
    const input = { userchannels: [], address: { city: 'x' }, tags: [] };
    const r = Body.safeParse(input);
    expect(issuesToFieldErrors(r.error!.issues, input)).toEqual({ non_field_errors: ['Whole body is wrong.'] });
  });

  it('reports a non-object list item in its aligned slot', () => {
    const input = { userchannels: [{ money_account: 'a', amount: 1 }, 'x'], address: { city: 'x' }, tags: [] };
    const r = Body.safeParse(input);
    expect(issuesToFieldErrors(r.error!.issues, input)).toEqual({
      userchannels: [{}, { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }],
    });
  });
});

describe('ZPageQuery / ZPage', () => {
  it('never fails on odd page values', () => {
    expect(ZPageQuery.parse({ page: ['1', '3'], page_size: 20 })).toEqual({ page: '3', page_size: '20' });
    expect(ZPageQuery.parse({ page: { x: 1 } })).toEqual({ page: undefined, page_size: undefined });
  });
  it('describes an envelope', () => {
    const P = ZPage(z.object({ id: z.number() }));
    expect(P.parse({ count: 1, next: null, previous: null, results: [{ id: 1 }] }).results).toHaveLength(1);
  });
});
