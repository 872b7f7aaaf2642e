import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ZListSearch } from '../components/list-search.js';
import { staffRoute } from './staff.js';

export const eventsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/events',
  validateSearch: ZListSearch.extend({ search: z.string().optional().catch(undefined) }),
}).lazy(() => import('../resources/events/list-page.js').then((m) => m.Route));

export const newEventRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/events/new',
}).lazy(() => import('../resources/events/new-page.js').then((m) => m.Route));

export const eventRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/events/$eventId',
  params: { parse: (p) => ({ eventId: z.coerce.number().int().parse(p.eventId) }), stringify: (p) => ({ eventId: String(p.eventId) }) },
  validateSearch: z.object({ tab: z.enum(['details', 'team', 'attendees']).optional().catch(undefined) }),
}).lazy(() => import('../resources/events/event-page.js').then((m) => m.Route));
