import { describe, expect, it } from 'vitest';
import { amountInCzechWords, amountInFigures } from './amount-in-words.js';

describe('amountInCzechWords (issue 20: the amount in Czech words)', () => {
  it.each([
    [1, 'jedna koruna česká'],
    [2, 'dvě koruny české'],
    [4, 'čtyři koruny české'],
    [5, 'pět korun českých'],
    [12, 'dvanáct korun českých'],
    [22, 'dvacet dvě koruny české'],
    [100, 'sto korun českých'],
    [2000, 'dva tisíce korun českých'],
    [2002, 'dva tisíce dvě koruny české'],
    [12500, 'dvanáct tisíc pět set korun českých'],
    [21000, 'dvacet jedna tisíc korun českých'],
    [1234567, 'milion dvě stě třicet čtyři tisíce pět set šedesát sedm korun českých'],
  ])('%i → %s', (amount, words) => {
    expect(amountInCzechWords(amount)).toBe(words);
  });

  it('refuses fractions and negative amounts', () => {
    expect(() => amountInCzechWords(1.5)).toThrow(RangeError);
    expect(() => amountInCzechWords(-1)).toThrow(RangeError);
  });

  it('prints figures with grouped thousands', () => {
    expect(amountInFigures(12500)).toBe('12\u00a0500\u00a0Kč');
    expect(amountInFigures(999)).toBe('999\u00a0Kč');
    expect(amountInFigures(1234567)).toBe('1\u00a0234\u00a0567\u00a0Kč');
  });
});
