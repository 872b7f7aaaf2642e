import base from '@klub/eslint-config';

export default [
  ...base,
  { ignores: ['test-results/**', 'playwright-report/**'] },
  {
    // TanStack Router's way to leave a route is `throw redirect(...)`, a plain object.
    rules: {
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'package', package: '@tanstack/router-core', name: ['Redirect', 'NotFoundError'] }] },
      ],
    },
  },
  {
    // Build and test tooling runs in Node and reads its settings from the environment.
    files: ['vite.config.ts', 'playwright.config.ts', 'e2e/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
