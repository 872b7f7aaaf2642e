import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from '../trpc/init.js';
import { sessionRouter } from './auth/session.js';
import { frontendRouter } from './frontend/index.js';
import { administrativeUnitsRouter, interactionTypesRouter } from './public/catalogue.js';
import { eventsRouter } from './public/events.js';
import { tokensRouter } from './tokens/tokens.js';
import { accountRouter } from './account/index.js';
import { signupsRouter } from './signups/index.js';
import { integrationRouter } from './integration/index.js';
import { pdfRouter } from './pdf/index.js';
import { adminRouter } from './admin/index.js';

/**
 * The whole API: one router per section of STYLE.md §2.1 (public, account, frontend,
 * signups, integration, pdf, tokens, admin), each a plain record of its resource routers.
 * The same procedures serve `/trpc` and, through their `meta.openapi`, `/api`.
 */
export const appRouter = router({
  public: {
    events: eventsRouter,
    administrativeUnits: administrativeUnitsRouter,
    interactionTypes: interactionTypesRouter,
  },
  frontend: frontendRouter,
  tokens: tokensRouter,
  auth: sessionRouter,
  account: accountRouter,
  signups: signupsRouter,
  integration: integrationRouter,
  pdf: pdfRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
