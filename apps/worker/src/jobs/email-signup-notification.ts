import { emailSignupNotification } from '@klub/contracts';
import { markInteractionDispatched } from '@klub/domain';
import { interactionMessage, renderEmail, signupNotification } from '@klub/emails';
import { defineHandler } from './define-handler.js';
import { sendOnce } from './send-once.js';

/**
 * `email.signup-notification` (api.md §12.6, operations.md §4): the person's confirmation of a
 * sign-up, volunteer offer, membership application or registration, sent by the unit; or an
 * interaction whose type has `send_email`, sent with its own subject and summary and then
 * marked dispatched.
 */
export const handler = defineHandler(emailSignupNotification, async (payload, ctx) => {
  const signature = payload.unitName ?? ctx.deps.env.SITE_NAME;
  if (payload.kind === 'interaction') {
    const rendered = await renderEmail(
      interactionMessage,
      { subject: payload.subject ?? '', body: payload.body ?? '', signature },
      payload.lang,
    );
    // The text part is the summary exactly as stored: its line breaks and indentation carry meaning.
    const text = `${payload.body ?? ''}\n\n${signature}\n`;
    const outcome = await sendOnce(ctx, { ...rendered, text, from: payload.from, to: payload.email });
    if (payload.interactionId !== null) {
      await markInteractionDispatched(ctx.deps.orm.em.fork(), payload.interactionId);
    }
    return outcome;
  }
  const rendered = await renderEmail(
    signupNotification,
    {
      kind: payload.kind,
      firstName: payload.firstName,
      unitName: payload.unitName,
      eventName: payload.eventName,
      siteName: ctx.deps.env.SITE_NAME,
    },
    payload.lang,
  );
  return sendOnce(ctx, { ...rendered, from: payload.from, to: payload.email });
});
