import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZLoginInput, ZWhoami } from '@klub/contracts';
import { ValidationError } from '@klub/domain';
import { credentialsProcedure, rest, userProcedure } from '../../trpc/procedures.js';
import { whoamiOf } from '../../serializers/whoami.js';

const tags = ['auth'];

export const sessionRouter = {
  login: credentialsProcedure
    .meta(
      rest('POST', '/auth/login/', {
        tags,
        summary: 'Start a browser session',
        description:
          'Sets an HttpOnly session cookie and a `csrftoken` cookie; unsafe requests made with the session must echo the latter in `X-CSRFToken` (operations.md §3).',
      }),
    )
    .input(ZLoginInput)
    .output(ZWhoami)
    .mutation(async ({ ctx, input }) => {
      const login = await ctx.services.passwords.login('session', ctx, ctx.em, input.username, input.password);
      if (!login.ok) throw ValidationError.nonField('Unable to log in with provided credentials.');
      const { setCookies } = await ctx.services.sessions.create(login.userId);
      for (const c of setCookies) ctx.res.appendHeader('Set-Cookie', c);
      return whoamiOf(ctx.em, login.userId);
    }),

  logout: userProcedure
    .meta(rest('POST', '/auth/logout/', { tags, summary: 'End the browser session', successStatus: 204 }))
    .output(z.void())
    .mutation(async ({ ctx }) => {
      const sessionId = ctx.services.sessions.sessionIdFromCookieHeader(ctx.req.headers.cookie);
      if (sessionId) {
        for (const c of await ctx.services.sessions.invalidate(sessionId)) ctx.res.appendHeader('Set-Cookie', c);
      }
    }),
} satisfies TRPCRouterRecord;
