import { describe, expect, it } from 'vitest';
import { diffRepresentations } from './audit-log.js';
import { searchTerms } from './crud.js';

describe('diffRepresentations', () => {
  it('lists every field on create and delete, only the changed ones on update, never the id', () => {
    expect(diffRepresentations(null, { id: 1, name: 'A', units: [] })).toEqual({ name: { new: 'A' }, units: { new: [] } });
    expect(diffRepresentations({ id: 1, name: 'A', city: null }, null)).toEqual({ name: { old: 'A' }, city: { old: null } });
    expect(
      diffRepresentations({ id: 1, name: 'A', units: [1], updated: 'x' }, { id: 1, name: 'B', units: [1], updated: 'y' }, ['updated']),
    ).toEqual({ name: { old: 'A', new: 'B' } });
    expect(diffRepresentations({ units: [1] }, { units: [1, 2] })).toEqual({ units: { old: [1], new: [1, 2] } });
  });
});

describe('searchTerms (DRF SearchFilter)', () => {
  it('splits on whitespace and commas and drops NUL characters', () => {
    expect(searchTerms(' jana,  nováková\u0000 ')).toEqual(['jana', 'nováková']);
    expect(searchTerms(undefined)).toEqual([]);
  });
});
