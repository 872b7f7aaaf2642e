import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, Outlet, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import type { Trpc } from '../api/trpc.js';
import { ErrorState, PageLoader } from '../components/states.js';

export interface RouterContext {
  queryClient: QueryClient;
  trpc: Trpc;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  // A reset link is `WEB_URL?u=<uid>&t=<token>` (api.md §6.2): with WEB_URL pointing at the app, any page sends it on.
  validateSearch: z.object({ u: z.string().optional(), t: z.string().optional() }),
  beforeLoad: ({ search, location }) => {
    if (search.u && search.t && location.pathname !== '/reset-password') {
      throw redirect({ to: '/reset-password', search: { u: search.u, t: search.t } });
    }
  },
  component: Outlet,
  errorComponent: ({ error, reset }) => <ErrorState error={error} onRetry={reset} />,
  pendingComponent: PageLoader,
});
