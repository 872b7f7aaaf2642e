import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZAutomaticMessage,
  ZAutomaticMessageCandidate,
  ZAutomaticMessageHistoryQuery,
  ZAutomaticMessageIdInput,
  ZAutomaticMessageInput,
  ZAutomaticMessagePageInput,
  ZAutomaticMessagePatch,
  ZAutomaticMessagePreviewInput,
  ZAutomaticMessageSend,
  ZMailingPreview,
  ZPage,
  ZPageQuery,
} from '@klub/contracts';
import {
  automaticCopySource,
  automaticMessageCandidates,
  automaticMessageHistory,
  automaticPreviewPerson,
  canAdministerPerson,
  createAutomaticMessage,
  deleteAutomaticMessage,
  listAutomaticMessages,
  retrieveAutomaticMessage,
  updateAutomaticMessage,
  ValidationError,
} from '@klub/domain';
import { MailingCopies } from '@klub/emails';
import { paginate } from '../../rest/pagination.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';

const tags = ['communications'];
const list = '/admin/automatic-messages/';
const detail = '/admin/automatic-messages/{id}/';

/**
 * Automatic messages (issue 19 §3): CRUD (`enabled` switches one on or off), who would get a
 * segment message now, the copy a person would get, and the history of who got what. Staff
 * manage their units' messages (another unit's is 404, a new one for another unit 403).
 */
export const automaticMessagesRouter = {
  list: staffProcedure
    .meta(rest('GET', list, { tags, summary: 'List automatic messages', description: 'By name, each with its counts.', paginated: true }))
    .input(ZPageQuery)
    .output(ZPage(ZAutomaticMessage))
    .query(({ ctx }) => paginate(ctx, (w) => listAutomaticMessages(ctx.em, ctx.access, w))),

  create: staffProcedure
    .meta(
      rest('POST', list, {
        tags,
        summary: 'Create an automatic message',
        description:
          'Either a `trigger` (registered, first_payment, regular_late, regular_current, event_registration) or a `segment`; ' +
          'the texts take the variables of mailings. Disabled unless `enabled`.',
        successStatus: 201,
      }),
    )
    .input(ZAutomaticMessageInput)
    .output(ZAutomaticMessage)
    .mutation(({ ctx, input }) => createAutomaticMessage(ctx.em, ctx.access, input, ctx.user.id)),

  retrieve: staffProcedure
    .meta(rest('GET', detail, { tags, summary: 'One automatic message with its counts' }))
    .input(ZAutomaticMessageIdInput)
    .output(ZAutomaticMessage)
    .query(({ ctx, input }) => retrieveAutomaticMessage(ctx.em, ctx.access, input.id)),

  partialUpdate: staffProcedure
    .meta(rest('PATCH', detail, { tags, summary: 'Change an automatic message', description: '`{"enabled": false}` stops it; what was sent stays.' }))
    .input(ZAutomaticMessagePatch.extend(ZAutomaticMessageIdInput.shape))
    .output(ZAutomaticMessage)
    .mutation(({ ctx, input: { id, ...patch } }) => updateAutomaticMessage(ctx.em, ctx.access, id, patch)),

  destroy: staffProcedure
    .meta(rest('DELETE', detail, { tags, summary: 'Delete an automatic message and its history', successStatus: 204 }))
    .input(ZAutomaticMessageIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteAutomaticMessage(ctx.em, ctx.access, input.id);
    }),

  candidates: staffProcedure
    .meta(
      rest('GET', `${detail}candidates/`, {
        tags,
        summary: 'Who would get a segment message if it were evaluated now',
        description: 'People who entered the segment and were not given the message (id order), with the reason any would be skipped. 400 for a trigger message.',
        paginated: true,
      }),
    )
    .input(ZAutomaticMessagePageInput)
    .output(ZPage(ZAutomaticMessageCandidate))
    .query(({ ctx, input }) => paginate(ctx, (w) => automaticMessageCandidates(ctx.em, ctx.access, input.id, w))),

  preview: staffProcedure
    .meta(rest('POST', `${detail}preview/`, { tags, summary: 'The copy one person would get', description: 'Subject, plain text and HTML for `profile`, in their language.' }))
    .input(ZAutomaticMessagePreviewInput)
    .output(ZMailingPreview)
    .mutation(async ({ ctx, input }) => {
      if (!(await canAdministerPerson(ctx.em, ctx.access, input.profile)))
        throw new ValidationError({ profile: [`Invalid pk "${input.profile}" - object does not exist.`] });
      const person = await automaticPreviewPerson(ctx.em, ctx.access, input.id, input.profile);
      const copies = new MailingCopies(automaticCopySource(ctx.em, input.id, { secretKey: ctx.env.SECRET_KEY, publicApiUrl: ctx.env.PUBLIC_API_URL }));
      const copy = await copies.copy(person, person.email ?? '');
      return { to: person.email, language: (await copies.texts(person.language)).lang, subject: copy.subject, text: copy.text, html: copy.html };
    }),

  history: staffProcedure
    .meta(rest('GET', `${detail}history/`, { tags, summary: 'Who got the message and when', description: 'Newest first; `status` filters.', paginated: true }))
    .input(ZAutomaticMessageHistoryQuery)
    .output(ZPage(ZAutomaticMessageSend))
    .query(({ ctx, input }) => paginate(ctx, (w) => automaticMessageHistory(ctx.em, ctx.access, input.id, input.status, w))),
} satisfies TRPCRouterRecord;
