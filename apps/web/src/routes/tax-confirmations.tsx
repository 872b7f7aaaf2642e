import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ZListSearch } from '../components/list-search.js';
import { staffRoute } from './staff.js';

const unitYear = {
  unit: z.number().int().min(1).optional().catch(undefined),
  year: z.number().int().min(2000).max(2100).optional().catch(undefined),
};

export const taxConfirmationsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/tax-confirmations',
  validateSearch: ZListSearch.extend(unitYear),
}).lazy(() => import('../resources/tax-confirmations/list-page.js').then((m) => m.Route));

export const taxTemplateRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/tax-confirmations/template/$unitId',
  params: { parse: (p) => ({ unitId: z.coerce.number().int().parse(p.unitId) }), stringify: (p) => ({ unitId: String(p.unitId) }) },
  validateSearch: z.object({ year: unitYear.year }),
}).lazy(() => import('../resources/tax-confirmations/template-page.js').then((m) => m.Route));
