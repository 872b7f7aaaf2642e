import { emailPasswordReset } from '@klub/contracts';
import { passwordReset, renderEmail } from '@klub/emails';
import { defineHandler } from './define-handler.js';
import { sendOnce } from './send-once.js';

/** The link of api.md §6.2: `<WEB_URL>?u=<uid>&t=<token>`. */
export function passwordResetLink(webUrl: string, uid: string, token: string): string {
  return `${webUrl}?u=${encodeURIComponent(uid)}&t=${encodeURIComponent(token)}`;
}

/** `email.password-reset` (jobs.md §4.2): one message per request, even when retried. */
export const handler = defineHandler(emailPasswordReset, async (payload, ctx) => {
  const { env } = ctx.deps;
  const rendered = await renderEmail(
    passwordReset,
    {
      username: payload.username,
      link: passwordResetLink(env.WEB_URL, payload.uid, payload.token),
      siteName: env.SITE_NAME,
    },
    payload.lang,
  );
  return sendOnce(ctx, { ...rendered, from: payload.from, to: payload.email });
});
