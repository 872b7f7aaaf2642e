import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZIdInput,
  ZMailing,
  ZMailingAttachmentInput,
  ZMailingInput,
  ZMailingPatch,
  ZMailingPreview,
  ZMailingPreviewInput,
  ZMailingRecipient,
  ZMailingRecipientsQuery,
  ZMailingSendInput,
  ZMailingTestInput,
  ZMailingTestQueued,
  ZPage,
  ZPageQuery,
} from '@klub/contracts';
import {
  cancelMailing,
  createMailing,
  deleteMailing,
  enqueueMailingTest,
  listMailingRecipients,
  listMailings,
  mailingCopySource,
  personFor,
  resumeMailing,
  retrieveMailing,
  sendMailing,
  setMailingAttachment,
  updateMailing,
} from '@klub/domain';
import { MailingCopies } from '@klub/emails';
import { paginate } from '../../rest/pagination.js';
import { fileStorageFor } from '../../storage/file-storage.js';
import { rest, superuserProcedure } from '../../trpc/procedures.js';

const tags = ['communications'];
const list = '/admin/mailings/';
const detail = '/admin/mailings/{id}/';

const action = (path: string, summary: string, description: string) =>
  rest('POST', `${detail}${path}/`, { tags, summary, description });

/**
 * Mass e-mails (issue 19 §2): compose, preview for a person, test send, send now or later,
 * cancel and resume, and who got what. The sending itself is the worker's `mailing.send` job.
 */
export const mailingsRouter = {
  list: superuserProcedure
    .meta(rest('GET', list, { tags, summary: 'List mailings', description: 'Newest first, each with its progress.', paginated: true }))
    .input(ZPageQuery)
    .output(ZPage(ZMailing))
    .query(({ ctx }) => paginate(ctx, (w) => listMailings(ctx.em, w))),

  create: superuserProcedure
    .meta(
      rest('POST', list, {
        tags,
        summary: 'Create a mailing (a draft)',
        description:
          'Texts may use `{{variable}}` (salutation, first_name, last_name, email, city, regular_amount, vs, total_this_year, unit_name) ' +
          'and `{male form|female form}`; an unknown variable or an unmatched brace is a 400 naming it under the field.',
        successStatus: 201,
      }),
    )
    .input(ZMailingInput)
    .output(ZMailing)
    .mutation(({ ctx, input }) => createMailing(ctx.em, input, ctx.user.id)),

  retrieve: superuserProcedure
    .meta(rest('GET', detail, { tags, summary: 'One mailing with its progress' }))
    .input(ZIdInput)
    .output(ZMailing)
    .query(({ ctx, input }) => retrieveMailing(ctx.em, input.id)),

  partialUpdate: superuserProcedure
    .meta(rest('PATCH', detail, { tags, summary: 'Change a draft mailing' }))
    .input(ZMailingPatch.extend(ZIdInput.shape))
    .output(ZMailing)
    .mutation(({ ctx, input: { id, ...patch } }) => updateMailing(ctx.em, id, patch)),

  destroy: superuserProcedure
    .meta(rest('DELETE', detail, { tags, summary: 'Delete a mailing that is not going out', successStatus: 204 }))
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteMailing(ctx.em, input.id);
    }),

  preview: superuserProcedure
    .meta(action('preview', 'The copy one person would get', 'Subject, plain text and HTML filled in for `profile`, in their language.'))
    .input(ZMailingPreviewInput)
    .output(ZMailingPreview)
    .mutation(async ({ ctx, input }) => {
      const person = await personFor(ctx.em, input.id, input.profile);
      const files = fileStorageFor(ctx.env);
      const source = mailingCopySource(ctx.em, input.id, {
        secretKey: ctx.env.SECRET_KEY,
        publicApiUrl: ctx.env.PUBLIC_API_URL,
        readFile: (key) => files.read(key),
      });
      const copies = new MailingCopies(source);
      const copy = await copies.copy(person, person.email ?? '');
      return { to: person.email, language: (await copies.texts(person.language)).lang, subject: copy.subject, text: copy.text, html: copy.html };
    }),

  test: superuserProcedure
    .meta(action('test', 'Send one test copy', 'To `email`, filled in for `profile` (or sample values), subject marked [TEST]; queued for the worker.'))
    .input(ZMailingTestInput)
    .output(ZMailingTestQueued)
    .mutation(async ({ ctx, input }) => {
      await enqueueMailingTest(ctx.em, input.id, input.email, input.profile);
      return { queued: true as const };
    }),

  send: superuserProcedure
    .meta(action('send', 'Send a draft', 'Now, or at `scheduled_at`. People without consent to the unit’s mailings, without an e-mail or inactive are skipped and counted.'))
    .input(ZMailingSendInput)
    .output(ZMailing)
    .mutation(({ ctx, input }) => sendMailing(ctx.em, input.id, input.scheduled_at)),

  cancel: superuserProcedure
    .meta(action('cancel', 'Stop a scheduled or sending mailing', 'Copies in flight finish; the rest wait for resume.'))
    .input(ZIdInput)
    .output(ZMailing)
    .mutation(({ ctx, input }) => cancelMailing(ctx.em, input.id)),

  resume: superuserProcedure
    .meta(action('resume', 'Go on with a cancelled mailing', 'Sends to the recipients not yet sent to.'))
    .input(ZIdInput)
    .output(ZMailing)
    .mutation(({ ctx, input }) => resumeMailing(ctx.em, input.id)),

  attachment: superuserProcedure
    .meta(action('attachment', 'Attach a file to a draft', 'Body `{filename, content_base64}`; replaces an earlier attachment.'))
    .input(ZMailingAttachmentInput)
    .output(ZMailing)
    .mutation(async ({ ctx, input }) => {
      const key = await fileStorageFor(ctx.env).save('mailings', input.filename, Buffer.from(input.content_base64, 'base64'));
      return setMailingAttachment(ctx.em, input.id, key);
    }),

  recipients: superuserProcedure
    .meta(rest('GET', `${detail}recipients/`, { tags, summary: 'Recipients and what happened to each', description: '`status` filters (e.g. `failed` shows the refused addresses with the server’s answer).', paginated: true }))
    .input(ZMailingRecipientsQuery)
    .output(ZPage(ZMailingRecipient))
    .query(({ ctx, input }) => paginate(ctx, (w) => listMailingRecipients(ctx.em, input.id, input.status, w))),
} satisfies TRPCRouterRecord;
