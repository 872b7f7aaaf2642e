import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZEditUserProfileInput,
  ZEditUserProfileQuery,
  ZEditableUserProfile,
  ZIdInput,
  ZUserSearchQuery,
  ZPage,
  ZUserSummary,
  parseDrfInteger,
} from '@klub/contracts';
import {
  NotFound,
  assertProfileMatchesDob,
  countUsers,
  getEditableProfile,
  getUserSummary,
  parseDob,
  searchUsers,
  searchUsersPage,
  updateEditableProfile,
} from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { middleware } from '../../trpc/init.js';
import { rest, staffOrOrganizerProcedure } from '../../trpc/procedures.js';
import { rawText, withQueryParams } from './request-input.js';

const tags = ['frontend'];

export const usersRouter = {
  list: staffOrOrganizerProcedure
    .meta(
      rest('GET', '/frontend/users/', {
        tags,
        summary: 'Search user profiles',
        description:
          '`q` matches part of a first, last or nick name, username or e-mail, ignoring case and accents, or "<first name> <last name>" exactly (either order). Company profiles are never listed (api.md §7.11). Every match, in id order, as a plain array; with `page` or `page_size` (an opt-in the original does not have) one page of them in the paginated envelope `{count, next, previous, results}`.',
      }),
    )
    .input(ZUserSearchQuery)
    .output(z.union([z.array(ZUserSummary), ZPage(ZUserSummary)]))
    .query(async ({ ctx, input }) => {
      if (input.page === undefined && input.page_size === undefined) return searchUsers(ctx.em, input.q);
      // Opt-in pagination, DRF's (rest/pagination.ts) on this call's own page parameters.
      const call = { ...ctx.call, meta: { ...ctx.call.meta, paginated: true }, rawInput: { page: input.page, page_size: input.page_size } };
      const w = pageWindow({ req: ctx.req, call }, await countUsers(ctx.em, input.q));
      return w.envelope(await searchUsersPage(ctx.em, input.q, w.limit, w.offset));
    }),

  retrieve: staffOrOrganizerProcedure
    .meta(rest('GET', '/frontend/users/{id}/', { tags, summary: 'One user profile summary' }))
    .input(ZIdInput)
    .output(ZUserSummary)
    .query(({ ctx, input }) => getUserSummary(ctx.em, input.id)),
} satisfies TRPCRouterRecord;

const dobRule =
  'The query parameter `dob` (`YYYY-MM-DD`) must be the profile’s date of birth: missing or malformed → 403 `{"error": …}`, another date → 404 (api.md §7.12).';
const detail = '/frontend/edit_userprofile/{id}/';

/**
 * The date-of-birth second factor, before the body is validated (DRF checks it in
 * get_queryset): a missing or malformed `dob` is 403, a profile born another day 404.
 */
const dobMatches = middleware(async ({ ctx, getRawInput, next }) => {
  const raw = await getRawInput();
  const dob = parseDob(rawText(raw, 'dob'));
  const id = parseDrfInteger(rawText(raw, 'id'));
  if (id === undefined) throw new NotFound();
  await assertProfileMatchesDob(ctx.em, id, dob);
  return next();
});

export const editUserprofileRouter = {
  retrieve: staffOrOrganizerProcedure
    .use(dobMatches)
    .meta(rest('GET', detail, { tags, summary: 'A profile to edit', description: dobRule }))
    .input(ZEditUserProfileQuery)
    .output(ZEditableUserProfile)
    .query(({ ctx, input }) => getEditableProfile(ctx.em, input.id)),

  update: staffOrOrganizerProcedure
    .use(withQueryParams('dob'))
    .use(dobMatches)
    .meta(rest('PUT', detail, { tags, summary: 'Edit a profile', description: `No field is required; PUT and PATCH behave the same. ${dobRule}` }))
    .input(ZEditUserProfileInput)
    .output(ZEditableUserProfile)
    .mutation(({ ctx, input: { id, dob: _dob, ...fields } }) => updateEditableProfile(ctx.em, id, fields)),

  partialUpdate: staffOrOrganizerProcedure
    .use(withQueryParams('dob'))
    .use(dobMatches)
    .meta(rest('PATCH', detail, { tags, summary: 'Edit a profile (PATCH)', description: dobRule }))
    .input(ZEditUserProfileInput)
    .output(ZEditableUserProfile)
    .mutation(({ ctx, input: { id, dob: _dob, ...fields } }) => updateEditableProfile(ctx.em, id, fields)),
} satisfies TRPCRouterRecord;
