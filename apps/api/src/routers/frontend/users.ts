import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZEditUserProfileInput,
  ZEditUserProfileQuery,
  ZEditableUserProfile,
  ZIdInput,
  ZUserSearchQuery,
  ZUserSummary,
  parseDrfInteger,
} from '@klub/contracts';
import { NotFound, assertProfileMatchesDob, getEditableProfile, getUserSummary, parseDob, searchUsers, updateEditableProfile } from '@klub/domain';
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
          '`q` matches part of a first, last or nick name, username or e-mail, ignoring case and accents, or "<first name> <last name>" exactly (either order). Company profiles are never listed (api.md §7.11).',
      }),
    )
    .input(ZUserSearchQuery)
    .output(z.array(ZUserSummary))
    .query(({ ctx, input }) => searchUsers(ctx.em, input.q)),

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
