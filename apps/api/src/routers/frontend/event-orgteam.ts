import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZOrgTeamCreateInput, ZOrgTeamDetailInput, ZOrgTeamListQuery, ZOrgTeamMember, ZOrgTeamPatchInput, ZOrgTeamUpdateInput, ZPage } from '@klub/contracts';
import {
  addOrgTeamMember,
  changeOrgTeamPosition,
  countOrgTeam,
  getOrgTeamMember,
  pageOrgTeam,
  removeOrgTeamMember,
  teamEventScope,
  validateOrgTeamMember,
  type Caller,
} from '@klub/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pageWindow } from '../../rest/pagination.js';
import { rest, teamProcedure } from '../../trpc/procedures.js';
import { withQueryParams } from './request-input.js';

const tags = ['frontend'];
const teamRule =
  'The query parameter `event` is required on every method, also for superusers; anybody but a superuser must be on that event’s organization team (else 403 `{"event": "Must be a member of org team"}`); a non-integer or unknown `event` is 404 (api.md §7.7, D24).';
const detail = '/frontend/event_orgteam/{id}/';

/** The event of `?event=` under the org-team rule; the parameter is mandatory here. */
async function teamEvent(em: EntityManager, caller: Caller, raw: string | undefined): Promise<number> {
  const eventId = await teamEventScope(em, caller, raw, { eventRequired: true });
  if (eventId === null) throw new Error('teamEventScope returned no event although one is required');
  return eventId;
}

export const eventOrgteamRouter = {
  list: teamProcedure
    .meta(rest('GET', '/frontend/event_orgteam/', { tags, summary: 'Organization team of an event', description: teamRule, paginated: true }))
    .input(ZOrgTeamListQuery)
    .output(ZPage(ZOrgTeamMember))
    .query(async ({ ctx, input }) => {
      const eventId = await teamEvent(ctx.em, ctx.user, input.event);
      const w = pageWindow(ctx, await countOrgTeam(ctx.em, eventId));
      return w.envelope(await pageOrgTeam(ctx.em, eventId, w.limit, w.offset));
    }),

  create: teamProcedure
    .use(withQueryParams('event'))
    .meta(
      rest('POST', '/frontend/event_orgteam/', {
        tags,
        summary: 'Add a member to an event’s organization team',
        description: `Body: \`profile_id\`, \`position_id\` (\`position_name\` is ignored, D12). Body errors (400) come before the \`event\` check. Adding a row that exists answers it. On REST \`event\` is the query parameter \`?event=\`. ${teamRule}`,
        successStatus: 201,
      }),
    )
    .input(ZOrgTeamCreateInput)
    .output(ZOrgTeamMember)
    .mutation(async ({ ctx, input }) => {
      await validateOrgTeamMember(ctx.em, input);
      const eventId = await teamEvent(ctx.em, ctx.user, input.event);
      return addOrgTeamMember(ctx.em, eventId, input);
    }),

  retrieve: teamProcedure
    .meta(rest('GET', detail, { tags, summary: 'One organization team row', description: teamRule }))
    .input(ZOrgTeamDetailInput)
    .output(ZOrgTeamMember)
    .query(async ({ ctx, input }) => getOrgTeamMember(ctx.em, await teamEvent(ctx.em, ctx.user, input.event), input.id)),

  update: teamProcedure
    .use(withQueryParams('event'))
    .meta(
      rest('PUT', detail, {
        tags,
        summary: 'Change a member’s position',
        description: `Beyond the reference: \`position_id\` required; \`profile_id\` cannot change. On REST \`event\` is the query parameter. ${teamRule}`,
      }),
    )
    .input(ZOrgTeamUpdateInput)
    .output(ZOrgTeamMember)
    .mutation(async ({ ctx, input }) =>
      changeOrgTeamPosition(ctx.em, await teamEvent(ctx.em, ctx.user, input.event), input.id, input.position_id),
    ),

  partialUpdate: teamProcedure
    .use(withQueryParams('event'))
    .meta(rest('PATCH', detail, { tags, summary: 'Change a member’s position (PATCH)', description: `Beyond the reference. ${teamRule}` }))
    .input(ZOrgTeamPatchInput)
    .output(ZOrgTeamMember)
    .mutation(async ({ ctx, input }) =>
      changeOrgTeamPosition(ctx.em, await teamEvent(ctx.em, ctx.user, input.event), input.id, input.position_id),
    ),

  destroy: teamProcedure
    .meta(
      rest('DELETE', detail, {
        tags,
        summary: 'Remove a row from an organization team',
        description: `Any member may remove any row, their own included, but not the event’s last one (409). ${teamRule}`,
        successStatus: 204,
      }),
    )
    .input(ZOrgTeamDetailInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await removeOrgTeamMember(ctx.em, await teamEvent(ctx.em, ctx.user, input.event), input.id);
    }),
} satisfies TRPCRouterRecord;
