import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZIdInput,
  ZPage,
  ZPageQuery,
  ZSegment,
  ZSegmentCount,
  ZSegmentInput,
  ZSegmentMember,
  ZSegmentPatch,
  ZSegmentPreviewInput,
} from '@klub/contracts';
import {
  countSegment,
  ensureSegmentChangeable,
  createSegment,
  deleteSegment,
  findSegment,
  listSegments,
  retrieveSegment,
  segmentMembers,
  updateSegment,
} from '@klub/domain';
import { paginate } from '../../rest/pagination.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';

const tags = ['communications'];
const list = '/admin/segments/';
const detail = '/admin/segments/{id}/';

/**
 * Saved segments (issue 19 §1): CRUD, the count and members of a saved one, and the count of an
 * unsaved rule (for an editor that shows the count as the rule changes). Literal paths first.
 * Segments are shared rules every staff member may use; counts and members are limited to the
 * people of the caller's units; a segment another unit's message uses is changed by its staff only.
 */
export const segmentsRouter = {
  preview: staffProcedure
    .meta(
      rest('POST', `${list}preview/`, {
        tags,
        summary: 'Count the people an unsaved rule selects',
        description: 'Body `{"rule": SegmentRule}`; answers `{"count": n}`. Nothing is stored.',
      }),
    )
    .input(ZSegmentPreviewInput)
    .output(ZSegmentCount)
    .mutation(async ({ ctx, input }) => ({ count: await countSegment(ctx.em, input.rule, { access: ctx.access }) })),

  list: staffProcedure
    .meta(rest('GET', list, { tags, summary: 'List segments', description: 'By name.', paginated: true }))
    .input(ZPageQuery)
    .output(ZPage(ZSegment))
    .query(({ ctx }) => paginate(ctx, (w) => listSegments(ctx.em, w))),

  create: staffProcedure
    .meta(
      rest('POST', list, {
        tags,
        summary: 'Create a segment',
        description: 'A name (unique), an optional description and a rule tree of conditions (see SegmentRule).',
        successStatus: 201,
      }),
    )
    .input(ZSegmentInput)
    .output(ZSegment)
    .mutation(({ ctx, input }) => createSegment(ctx.em, input, ctx.user.id)),

  retrieve: staffProcedure
    .meta(rest('GET', detail, { tags, summary: 'One segment' }))
    .input(ZIdInput)
    .output(ZSegment)
    .query(({ ctx, input }) => retrieveSegment(ctx.em, input.id)),

  update: staffProcedure
    .meta(rest('PUT', detail, { tags, summary: 'Replace a segment' }))
    .input(ZSegmentInput.extend(ZIdInput.shape))
    .output(ZSegment)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      await ensureSegmentChangeable(ctx.em, ctx.access, id);
      return updateSegment(ctx.em, id, fields);
    }),

  partialUpdate: staffProcedure
    .meta(rest('PATCH', detail, { tags, summary: 'Change a segment' }))
    .input(ZSegmentPatch.extend(ZIdInput.shape))
    .output(ZSegment)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      await ensureSegmentChangeable(ctx.em, ctx.access, id);
      return updateSegment(ctx.em, id, fields);
    }),

  destroy: staffProcedure
    .meta(rest('DELETE', detail, { tags, summary: 'Delete a segment', description: '400 while a mailing uses it.', successStatus: 204 }))
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await ensureSegmentChangeable(ctx.em, ctx.access, input.id);
      await deleteSegment(ctx.em, input.id);
    }),

  count: staffProcedure
    .meta(rest('GET', `${detail}count/`, { tags, summary: 'How many people the segment selects now' }))
    .input(ZIdInput)
    .output(ZSegmentCount)
    .query(async ({ ctx, input }) => ({ count: await countSegment(ctx.em, (await findSegment(ctx.em, input.id)).rule, { access: ctx.access }) })),

  members: staffProcedure
    .meta(rest('GET', `${detail}members/`, { tags, summary: 'The people the segment selects now', description: 'In id order.', paginated: true }))
    .input(ZPageQuery.extend(ZIdInput.shape))
    .output(ZPage(ZSegmentMember))
    .query(async ({ ctx, input }) => {
      const { rule } = await findSegment(ctx.em, input.id);
      return paginate(ctx, (w) => segmentMembers(ctx.em, rule, w, { access: ctx.access }));
    }),
} satisfies TRPCRouterRecord;
