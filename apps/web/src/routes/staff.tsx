import { createRoute, redirect } from '@tanstack/react-router';
import { statusOf } from '../api/trpc.js';
import { StaffLayout } from '../layout/staff-layout.js';
import { rootRoute } from './root.js';

/** Every staff screen: the signed-in user is loaded once here; signed-out visitors go to the sign-in page. */
export const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'staff',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient
      .ensureQueryData(context.trpc.frontend.whoami.retrieve.queryOptions())
      .catch((error: unknown) => {
        // Signed out (or the session ended): 403 everywhere but the token endpoints (api.md §2).
        if (statusOf(error) === 403) return null;
        throw error;
      });
    if (!me) throw redirect({ to: '/login', search: { redirect: location.href } });
    return { me };
  },
  component: StaffLayout,
});

export const dashboardRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
}).lazy(() => import('../resources/dashboard/page.js').then((m) => m.Route));
