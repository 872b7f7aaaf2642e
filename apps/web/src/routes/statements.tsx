import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ZListSearch } from '../components/list-search.js';
import { staffRoute } from './staff.js';

export const statementsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/statements',
  validateSearch: ZListSearch.extend({ status: z.string().optional().catch(undefined) }),
}).lazy(() => import('../resources/statements/list-page.js').then((m) => m.Route));

export const statementRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/statements/$statementId',
  params: { parse: (p) => ({ statementId: z.coerce.number().int().parse(p.statementId) }), stringify: (p) => ({ statementId: String(p.statementId) }) },
  validateSearch: ZListSearch,
}).lazy(() => import('../resources/statements/detail-page.js').then((m) => m.Route));
