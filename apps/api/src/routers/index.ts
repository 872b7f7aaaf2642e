import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from '../trpc/init.js';

/**
 * The whole API: one router per section of STYLE.md §2.1 (public, account, frontend,
 * signups, integration, pdf, tokens, admin), each a plain record of its resource routers.
 * The same procedures serve `/trpc` and, through their `meta.openapi`, `/api`.
 */
export const appRouter = router({});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
