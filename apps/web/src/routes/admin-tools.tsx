import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ZListSearch } from '../components/list-search.js';
import { staffRoute } from './staff.js';

/** Issue 17: staff accounts (superusers), duplicates and their merge, the people import. */
export const staffAccountsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/staff-accounts',
}).lazy(() => import('../resources/staff-accounts/page.js').then((m) => m.Route));

export const duplicatesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/duplicates',
  validateSearch: ZListSearch,
}).lazy(() => import('../resources/duplicates/list-page.js').then((m) => m.Route));

export const mergeRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/duplicates/merge',
  validateSearch: z.object({ first: z.number().int().positive().catch(0), second: z.number().int().positive().catch(0) }),
}).lazy(() => import('../resources/duplicates/merge-page.js').then((m) => m.Route));

export const importsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/imports',
  validateSearch: ZListSearch,
}).lazy(() => import('../resources/imports/list-page.js').then((m) => m.Route));

export const importRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/imports/$importId',
  params: { parse: (p) => ({ importId: z.coerce.number().int().parse(p.importId) }), stringify: (p) => ({ importId: String(p.importId) }) },
  validateSearch: ZListSearch.extend({ outcome: z.enum(['create', 'update', 'unchanged', 'refuse', 'skip']).optional().catch(undefined) }),
}).lazy(() => import('../resources/imports/detail-page.js').then((m) => m.Route));
