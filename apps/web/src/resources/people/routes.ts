import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { staffRoute } from '../../routes/staff.js';
import { PERSON_TABS, ZPeopleSearch, ZRetentionSearch } from './search.js';

export const peopleListRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/people',
  validateSearch: ZPeopleSearch,
}).lazy(() => import('./list.js').then((m) => m.Route));

export const personCreateRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/people/new',
}).lazy(() => import('./create.js').then((m) => m.Route));

export const personRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/people/$personId',
  params: {
    parse: (p) => ({ personId: z.coerce.number().int().positive().parse(p.personId) }),
    stringify: (p) => ({ personId: String(p.personId) }),
  },
  validateSearch: z.object({ tab: z.enum(PERSON_TABS).optional().catch(undefined) }),
}).lazy(() => import('./detail.js').then((m) => m.Route));

/** The retention rule's candidates for erasure (issue 22). */
export const retentionRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/retention',
  validateSearch: ZRetentionSearch,
}).lazy(() => import('./retention.js').then((m) => m.Route));

export const peopleRoutes = [peopleListRoute, personCreateRoute, personRoute, retentionRoute] as const;
