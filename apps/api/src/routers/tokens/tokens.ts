import type { TRPCRouterRecord } from '@trpc/server';
import { MSG, ZOAuthToken, ZOAuthTokenInput, ZTokenObtainInput, ZTokenPair, ZTokenRefreshInput, ZTokenRefreshOutput } from '@klub/contracts';
import { TokenError, authenticate, issueOAuthToken, tokenRequestOf } from '@klub/domain';
import { decodeBasic } from '../../auth/basic.js';
import { baseProcedure } from '../../trpc/init.js';
import { credentialsProcedure, rest } from '../../trpc/procedures.js';
import '../../services.js';

const tags = ['tokens'];

/**
 * Token endpoints attempt no authentication (api.md §3.2): a stale or foreign Authorization
 * header must not stop a client from getting a new token, so they skip the actor check.
 */
const tokenProcedure = credentialsProcedure;

/** Client credentials may come as HTTP Basic instead of body fields (api.md §3.1). */
function basicClientCredentials(header: string | undefined): { client_id?: string; client_secret?: string } {
  const [scheme, value] = (header ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'basic' || !value) return {};
  const pair = decodeBasic(value);
  if (!pair) return {};
  return { client_id: decodeURIComponent(pair.user), client_secret: decodeURIComponent(pair.password) };
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
      const user = await authenticate(ctx.em, input.username, input.password);
      if (!user) throw new TokenError({ detail: MSG.noActiveAccount });
      return ctx.services.jwt.pair(user.id);
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
  // request, checked below on both at once, instead of the DRF field body of credentialsProcedure.
  oauth: baseProcedure
    .meta({ policy: 'PUBLIC' })
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
      return issueOAuthToken(ctx.em, tokenRequestOf({ ...basic, ...definedFields(input) }));
    }),
} satisfies TRPCRouterRecord;

/** Body fields override HTTP Basic credentials only when they are present. */
function definedFields(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
