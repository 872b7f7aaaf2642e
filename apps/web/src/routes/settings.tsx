import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { staffRoute } from './staff.js';

export const SETTINGS_TABS = ['units', 'accounts', 'event-types', 'interaction-types', 'oauth'] as const;

export const settingsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/settings',
  validateSearch: z.object({ tab: z.enum(SETTINGS_TABS).optional().catch(undefined), page: z.number().int().min(1).optional().catch(undefined) }),
}).lazy(() => import('../resources/settings/page.js').then((m) => m.Route));

export const jobsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/jobs',
}).lazy(() => import('../resources/jobs/page.js').then((m) => m.Route));
