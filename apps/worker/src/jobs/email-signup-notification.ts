import { emailSignupNotification } from '@klub/contracts';
import { renderEmail, signupNotification } from '@klub/emails';
import { defineHandler } from './define-handler.js';
import { sendOnce } from './send-once.js';

/** `email.signup-notification` (api.md §12.6): the person's confirmation, sent by the unit. */
export const handler = defineHandler(emailSignupNotification, async (payload, ctx) => {
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
