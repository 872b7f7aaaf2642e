import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ZListSearch } from '../components/list-search.js';
import { staffRoute } from './staff.js';

const optionalInt = z.number().int().min(0).optional().catch(undefined);

export const channelsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/donations',
  validateSearch: ZListSearch.extend({
    search: z.string().optional().catch(undefined),
    late: z.boolean().optional().catch(undefined),
    frequency: z.string().optional().catch(undefined),
    unit: optionalInt,
    amount_min: optionalInt,
    amount_max: optionalInt,
  }),
}).lazy(() => import('../resources/donations/list-page.js').then((m) => m.Route));

export const channelRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/donations/$channelId',
  params: { parse: (p) => ({ channelId: z.coerce.number().int().parse(p.channelId) }), stringify: (p) => ({ channelId: String(p.channelId) }) },
  validateSearch: ZListSearch,
}).lazy(() => import('../resources/donations/channel-page.js').then((m) => m.Route));
