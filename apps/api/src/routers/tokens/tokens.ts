import type { TRPCRouterRecord } from '@trpc/server';
import { MSG, ZOAuthToken, ZOAuthTokenInput, ZTokenObtainInput, ZTokenPair, ZTokenRefreshInput, ZTokenRefreshOutput } from '@klub/contracts';
import { TokenError, issueOAuthToken, tokenRequestOf } from '@klub/domain';
import { parseAuthorization } from '../../auth/authorization-header.js';
import { baseProcedure } from '../../trpc/init.js';
import { credentialsProcedure, rest } from '../../trpc/procedures.js';

const tags = ['tokens'];

/**
 * Token endpoints attempt no authentication (api.md §3.2): a stale or foreign Authorization
 * header must not stop a client from getting a new token, so it is not even resolved
 * (`authenticates: false`) and they skip the actor check. Their passwords go through the
 * rate-limited password check (`ctx.services.passwords`) like every other.
 */
const tokenProcedure = credentialsProcedure.meta({ authenticates: false });

/** Client credentials may come as HTTP Basic instead of body fields (api.md §3.1). */
function basicClientCredentials(header: string | undefined): { client_id?: string; client_secret?: string } {
  const auth = parseAuthorization(header);
  if (auth.scheme !== 'basic') return {};
  return { client_id: safeDecode(auth.user), client_secret: safeDecode(auth.password) };
}

/** RFC 6749 §2.3.1 form-encodes the pair; a stray `%` is taken as it is. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const tokensRouter = {
  obtain: tokenProcedure
    .meta(
      rest('POST', '/token/', {
        tags,
        summary: 'Obtain a JWT pair',
        description:
          'Log in by username and password; answers an access token (5 minutes) and a refresh token (1 day). Wrong credentials answer 401 (api.md §3.2).',
      }),
    )
    .input(ZTokenObtainInput)
    .output(ZTokenPair)
    .mutation(async ({ ctx, input }) => {
      const login = await ctx.services.passwords.login('token', ctx, ctx.em, input.username, input.password);
      if (!login.ok) throw new TokenError({ detail: MSG.noActiveAccount });
      return ctx.services.jwt.pair(login.userId);
    }),

  refresh: tokenProcedure
    .meta(
      rest('POST', '/token/refresh/', {
        tags,
        summary: 'Exchange a refresh JWT for a new access JWT',
        description: 'Refresh tokens are not rotated: the same one stays valid until it expires (api.md §3.3, D40).',
      }),
    )
    .input(ZTokenRefreshInput)
    .output(ZTokenRefreshOutput)
    .mutation(async ({ ctx, input }) => {
      const check = await ctx.services.jwt.verify(input.refresh, 'refresh');
      if (!check.ok) {
        throw new TokenError({
          detail: check.reason === 'wrong_type' ? MSG.tokenWrongType : MSG.tokenInvalidOrExpired,
          code: 'token_not_valid',
        });
      }
      return { access: await ctx.services.jwt.sign(check.userId, 'access') };
    }),

  // Not a DRF view: a NUL in a body field or in the Basic credentials is RFC 6749's malformed
  // request (tokenRequestOf), instead of the DRF field body of credentialsProcedure.
  oauth: baseProcedure
    .meta({ policy: 'PUBLIC', authenticates: false })
    .meta(
      rest('POST', '/o/token/', {
        tags,
        summary: 'OAuth2 token',
        description:
          'Client credentials (also password and refresh_token) grants; JSON or form body, client credentials in the body or as HTTP Basic. Errors follow RFC 6749 (api.md §3.1).',
      }),
    )
    .input(ZOAuthTokenInput)
    .output(ZOAuthToken)
    .mutation(async ({ ctx, input }) => {
      ctx.res.setHeader('Cache-Control', 'no-store');
      ctx.res.setHeader('Pragma', 'no-cache');
      const basic = basicClientCredentials(ctx.req.headers.authorization);
      const request = tokenRequestOf({ ...basic, ...definedFields(input) });
      // One attempt per call, about the user of a password grant, else the client: a client's
      // secret is guarded like a password (the same counters).
      const attempt = await ctx.services.passwords.begin('oauth', ctx, request.username ?? request.client_id);
      const token = await issueOAuthToken(ctx.em, request, async (username, password) => {
        const login = await attempt.verify(ctx.em, username, password);
        return login.ok ? login.userId : null;
      });
      await attempt.succeeded();
      return token;
    }),
} satisfies TRPCRouterRecord;

/** Body fields override HTTP Basic credentials only when they are present. */
function definedFields(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
