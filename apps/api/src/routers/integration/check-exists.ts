import type { TRPCRouterRecord } from '@trpc/server';
import { ZSlugInput, ZSlugOutput } from '@klub/contracts';
import { NotFound, eventSlugExists, moneyAccountSlugExists } from '@klub/domain';
import { rest, scoped } from '../../trpc/procedures.js';

const tags = ['integration'];

export const checkEventRouter = {
  retrieve: scoped('can_check_if_exist', { or: 'staff' })
    .meta(
      rest('GET', '/check_event/{slug}/', {
        tags,
        summary: 'Does an event slug exist?',
        description: '200 `{"slug": "<slug>"}` for any event (public or not) with that slug, else 404 (api.md §9.1).',
        errorResponses: { 404: 'No event has this slug.' },
      }),
    )
    .input(ZSlugInput)
    .output(ZSlugOutput)
    .query(async ({ ctx, input }) => {
      if (!(await eventSlugExists(ctx.em, input.slug))) throw new NotFound();
      return { slug: input.slug };
    }),
} satisfies TRPCRouterRecord;

export const checkMoneyAccountRouter = {
  retrieve: scoped('can_check_if_exist', { or: 'staff' })
    .meta(
      rest('GET', '/check_moneyaccount/{slug}/', {
        tags,
        summary: 'Does a money-account slug exist?',
        description: '200 `{"slug": "<slug>"}` for a bank or Darujme account with that slug, else 404 (api.md §9.2).',
        errorResponses: { 404: 'No money account has this slug.' },
      }),
    )
    .input(ZSlugInput)
    .output(ZSlugOutput)
    .query(async ({ ctx, input }) => {
      if (!(await moneyAccountSlugExists(ctx.em, input.slug))) throw new NotFound();
      return { slug: input.slug };
    }),
} satisfies TRPCRouterRecord;
