import { createRouter } from '@tanstack/react-router';
import { peopleRoutes } from './resources/people/routes.js';
import { forgotPasswordRoute, loginRoute, resetPasswordRoute } from './routes/auth.js';
import { rootRoute, type RouterContext } from './routes/root.js';
import { dashboardRoute, staffRoute } from './routes/staff.js';
import { statementRoute, statementsRoute } from './routes/statements.js';
import { channelRoute, channelsRoute } from './routes/donations.js';
import { eventRoute, eventsRoute, newEventRoute } from './routes/events.js';
import { jobsRoute, settingsRoute } from './routes/settings.js';
import { duplicatesRoute, importRoute, importsRoute, mergeRoute, staffAccountsRoute } from './routes/admin-tools.js';
import { taxConfirmationsRoute, taxTemplateRoute } from './routes/tax-confirmations.js';

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  // One line per resource's routes (STYLE.md §2.11).
  staffRoute.addChildren([
    dashboardRoute,
    ...peopleRoutes,
    statementsRoute,
    statementRoute,
    channelsRoute,
    channelRoute,
    eventsRoute,
    newEventRoute,
    eventRoute,
    taxConfirmationsRoute,
    taxTemplateRoute,
    settingsRoute,
    jobsRoute,
    staffAccountsRoute,
    duplicatesRoute,
    mergeRoute,
    importsRoute,
    importRoute,
  ]),
]);

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    basepath: '/app',
    defaultPreload: 'intent',
    // Loaders read through React Query, which keeps the data; the router need not.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
