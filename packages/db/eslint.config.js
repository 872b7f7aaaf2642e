import base from '@klub/eslint-config';

export default [
  ...base,
  {
    // Each entity type is `interface X extends InferEntity<typeof XSchema> {}`: a named interface keeps
    // relation types by reference in the emitted .d.ts (an inline alias overflows tsc's TS7056 limit).
    files: ['src/entities/**'],
    rules: { '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }] },
  },
];
