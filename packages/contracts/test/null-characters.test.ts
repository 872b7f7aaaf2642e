import { describe, expect, it } from 'vitest';
import { nullCharacterIssues, queryList } from '../src/index.js';

const paths = (input: unknown) => nullCharacterIssues(input).map((i) => i.path);

describe('nullCharacterIssues', () => {
  it('names every field holding U+0000 by its path as sent, level by level in input order', () => {
    const input = {
      a: 'fine',
      b: 'x\u0000',
      c: [{ d: '\u0000' }, 'e\u0000'],
      f: queryList(['a', '\u0000', '\u0000']),
      'g\u0000': 1,
      h: { i: 'x\u0000', j: 3, k: null },
    };
    expect(paths(input)).toEqual([['b'], ['g\u0000'], ['c', 1], ['f'], ['h', 'i'], ['c', 0, 'd']]);
    expect(nullCharacterIssues({ b: 'x\u0000' })).toEqual([{ code: 'custom', path: ['b'], message: 'Null characters are not allowed.', input: 'x\u0000' }]);
  });

  it('finds nothing in clean input, numbers, files and other instances', () => {
    const file = { filename: 'a\u0000.pdf', data: new Uint8Array([0]) };
    expect(paths({ a: 'x', n: 0, list: ['y', 1, null], date: new Date(0), upload: Object.assign(Object.create({}), file) })).toEqual([]);
    expect(paths(undefined)).toEqual([]);
  });

  it('reports a bare text at the root, and stops at 100 reports', () => {
    expect(paths('\u0000')).toEqual([[]]);
    expect(nullCharacterIssues(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(100);
  });

  it('walks input nested deeper than the call stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(paths(deep)[0]).toHaveLength(100_000);
  });
});
