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
  canAdministerPerson,
  ensureMessageScope,
  reachMailing,
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
import { rest, staffProcedure } from '../../trpc/procedures.js';
import type { StaffAccess } from '@klub/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError } from '@klub/domain';

const tags = ['communications'];
const list = '/admin/mailings/';
const detail = '/admin/mailings/{id}/';

const action = (path: string, summary: string, description: string) =>
  rest('POST', `${detail}${path}/`, { tags, summary, description });

/** A person the caller may personalise a copy for (others are "no such object", 400). */
async function reachPerson(em: EntityManager, access: StaffAccess, profile: number | null): Promise<void> {
  if (profile !== null && !(await canAdministerPerson(em, access, profile)))
    throw new ValidationError({ profile: [`Invalid pk "${profile}" - object does not exist.`] });
}

/**
 * Mass e-mails (issue 19 §2): compose, preview for a person, test send, send now or later,
 * cancel and resume, and who got what. The sending itself is the worker's `mailing.send` job.
 * Staff manage the mailings of the units they administer (another unit's mailing is 404, a new
 * one for another unit 403; people outside their units are no such object).
 */
export const mailingsRouter = {
  list: staffProcedure
    .meta(rest('GET', list, { tags, summary: 'List mailings', description: 'Newest first, each with its progress.', paginated: true }))
    .input(ZPageQuery)
    .output(ZPage(ZMailing))
    .query(({ ctx }) => paginate(ctx, (w) => listMailings(ctx.em, w, ctx.access))),

  create: staffProcedure
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
    .mutation(async ({ ctx, input }) => {
      await ensureMessageScope(ctx.em, ctx.access, input.administrative_unit, input.profiles);
      return createMailing(ctx.em, input, ctx.user.id);
    }),

  retrieve: staffProcedure
    .meta(rest('GET', detail, { tags, summary: 'One mailing with its progress' }))
    .input(ZIdInput)
    .output(ZMailing)
    .query(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      return retrieveMailing(ctx.em, input.id);
    }),

  partialUpdate: staffProcedure
    .meta(rest('PATCH', detail, { tags, summary: 'Change a draft mailing' }))
    .input(ZMailingPatch.extend(ZIdInput.shape))
    .output(ZMailing)
    .mutation(async ({ ctx, input: { id, ...patch } }) => {
      await reachMailing(ctx.em, ctx.access, id);
      await ensureMessageScope(ctx.em, ctx.access, patch.administrative_unit, patch.profiles ?? []);
      return updateMailing(ctx.em, id, patch);
    }),

  destroy: staffProcedure
    .meta(rest('DELETE', detail, { tags, summary: 'Delete a mailing that is not going out', successStatus: 204 }))
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      await deleteMailing(ctx.em, input.id);
    }),

  preview: staffProcedure
    .meta(action('preview', 'The copy one person would get', 'Subject, plain text and HTML filled in for `profile`, in their language.'))
    .input(ZMailingPreviewInput)
    .output(ZMailingPreview)
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      await reachPerson(ctx.em, ctx.access, input.profile);
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

  test: staffProcedure
    .meta(action('test', 'Send one test copy', 'To `email`, filled in for `profile` (or sample values), subject marked [TEST]; queued for the worker.'))
    .input(ZMailingTestInput)
    .output(ZMailingTestQueued)
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      await reachPerson(ctx.em, ctx.access, input.profile);
      await enqueueMailingTest(ctx.em, input.id, input.email, input.profile);
      return { queued: true as const };
    }),

  send: staffProcedure
    .meta(action('send', 'Send a draft', 'Now, or at `scheduled_at`. People without consent to the unit’s mailings, without an e-mail or inactive are skipped and counted.'))
    .input(ZMailingSendInput)
    .output(ZMailing)
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      return sendMailing(ctx.em, input.id, input.scheduled_at);
    }),

  cancel: staffProcedure
    .meta(action('cancel', 'Stop a scheduled or sending mailing', 'Copies in flight finish; the rest wait for resume.'))
    .input(ZIdInput)
    .output(ZMailing)
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      return cancelMailing(ctx.em, input.id);
    }),

  resume: staffProcedure
    .meta(action('resume', 'Go on with a cancelled mailing', 'Sends to the recipients not yet sent to.'))
    .input(ZIdInput)
    .output(ZMailing)
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      return resumeMailing(ctx.em, input.id);
    }),

  attachment: staffProcedure
    .meta(action('attachment', 'Attach a file to a draft', 'Body `{filename, content_base64}`; replaces an earlier attachment.'))
    .input(ZMailingAttachmentInput)
    .output(ZMailing)
    .mutation(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      const key = await fileStorageFor(ctx.env).save('mailings', input.filename, Buffer.from(input.content_base64, 'base64'));
      return setMailingAttachment(ctx.em, input.id, key);
    }),

  recipients: staffProcedure
    .meta(rest('GET', `${detail}recipients/`, { tags, summary: 'Recipients and what happened to each', description: '`status` filters (e.g. `failed` shows the refused addresses with the server’s answer).', paginated: true }))
    .input(ZMailingRecipientsQuery)
    .output(ZPage(ZMailingRecipient))
    .query(async ({ ctx, input }) => {
      await reachMailing(ctx.em, ctx.access, input.id);
      return paginate(ctx, (w) => listMailingRecipients(ctx.em, input.id, input.status, w));
    }),
} satisfies TRPCRouterRecord;
