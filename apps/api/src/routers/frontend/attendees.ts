import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZAttendee, ZAttendeeCreateInput, ZAttendeeDetailInput, ZAttendeeListQuery, ZPage } from '@klub/contracts';
import {
  assertOrgTeamMember,
  countEventInteractions,
  createEventInteraction,
  deleteEventInteraction,
  getAttendee,
  pageAttendees,
  teamEventScope,
  validateAttendee,
} from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { rest, teamProcedure } from '../../trpc/procedures.js';

const tags = ['frontend'];
const teamRule =
  'Superusers may omit `event` (then every event); anybody else must name an event whose organization team includes them, else 403 `{"event": "Must be a member of org team"}` (D37). A non-integer or unknown `event` is 404 (D24).';
const detail = '/frontend/attendees/{id}/';

export const attendeesRouter = {
  list: teamProcedure
    .meta(
      rest('GET', '/frontend/attendees/', {
        tags,
        summary: 'Registrations and attendance of an event',
        description: `Interactions of the \`event_interaction\` category (api.md §7.6). ${teamRule}`,
        paginated: true,
      }),
    )
    .input(ZAttendeeListQuery)
    .output(ZPage(ZAttendee))
    .query(async ({ ctx, input }) => {
      const eventId = await teamEventScope(ctx.em, ctx.user, input.event, { eventRequired: false });
      const w = pageWindow(ctx, await countEventInteractions(ctx.em, { event: eventId }));
      return w.envelope(await pageAttendees(ctx.em, eventId, w.limit, w.offset));
    }),

  create: teamProcedure
    .meta(
      rest('POST', '/frontend/attendees/', {
        tags,
        summary: 'Record a registration or attendance',
        description:
          'For any profile (`user`), e.g. attendance with `type__slug: "event_attendance"`. Body errors (400) come first; then the caller must be on the team of the body’s `event` unless superuser (403, D23).',
        successStatus: 201,
      }),
    )
    .input(ZAttendeeCreateInput)
    .output(ZAttendee)
    .mutation(async ({ ctx, input }) => {
      await validateAttendee(ctx.em, input);
      await assertOrgTeamMember(ctx.em, ctx.user, input.event);
      const id = await createEventInteraction(ctx.em, input.user, input, ctx.user.id, ctx.lang);
      return getAttendee(ctx.em, input.event, id);
    }),

  retrieve: teamProcedure
    .meta(rest('GET', detail, { tags, summary: 'One attendee row', description: `The row must belong to \`event\`. ${teamRule}` }))
    .input(ZAttendeeDetailInput)
    .output(ZAttendee)
    .query(async ({ ctx, input }) => {
      const eventId = await teamEventScope(ctx.em, ctx.user, input.event, { eventRequired: false });
      return getAttendee(ctx.em, eventId, input.id);
    }),

  destroy: teamProcedure
    .meta(
      rest('DELETE', detail, { tags, summary: 'Remove an attendee row', description: `The row must belong to \`event\`. ${teamRule}`, successStatus: 204 }),
    )
    .input(ZAttendeeDetailInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const eventId = await teamEventScope(ctx.em, ctx.user, input.event, { eventRequired: false });
      await deleteEventInteraction(ctx.em, { event: eventId }, input.id);
    }),
} satisfies TRPCRouterRecord;
