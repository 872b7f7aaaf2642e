import type { TRPCRouterRecord } from '@trpc/server';
import { ZAdminOAuthApplicationWithSecret, ZAdminRevokedTokens, ZIdInput, adminOAuthApplications } from '@klub/contracts';
import {
  adminCreateOAuthApplication,
  oauthApplicationsAdmin,
  revokeOAuthApplicationTokens,
  rotateOAuthClientSecret,
} from '@klub/domain';
import { rest, superuserProcedure } from '../../trpc/procedures.js';
import { adminContext, crudRouter, tags } from './crud.js';

const { create: _genericCreate, ...crud } = crudRouter(oauthApplicationsAdmin);
const detail = '/admin/oauth-applications/{id}';

/**
 * OAuth applications: the DRF router shape, except that creating one (and rotating its
 * secret) answers the clear `client_secret` this once; only its hash is stored.
 */
export const oauthApplicationsRouter = {
  ...crud,

  create: superuserProcedure
    .meta(
      rest('POST', '/admin/oauth-applications/', {
        tags,
        summary: 'Create an OAuth application',
        description: 'Answers `client_id` and the clear `client_secret` once; only a hash of the secret is stored.',
        successStatus: 201,
      }),
    )
    .input(adminOAuthApplications.ZCreate)
    .output(ZAdminOAuthApplicationWithSecret)
    .mutation(({ ctx, input }) => adminCreateOAuthApplication(ctx.em, input, adminContext(ctx))),

  rotateSecret: superuserProcedure
    .meta(
      rest('POST', `${detail}/rotate-secret/`, {
        tags,
        summary: 'Rotate the client secret',
        description: 'A new secret replaces the old one at once and is answered this once. Issued tokens stay valid (see revoke-tokens).',
      }),
    )
    .input(ZIdInput)
    .output(ZAdminOAuthApplicationWithSecret)
    .mutation(({ ctx, input }) => rotateOAuthClientSecret(ctx.em, input.id, adminContext(ctx))),

  revokeTokens: superuserProcedure
    .meta(
      rest('POST', `${detail}/revoke-tokens/`, {
        tags,
        summary: 'Revoke all tokens of an application',
        description: 'Deletes every access and refresh token issued to the application; its clients must ask for new ones.',
      }),
    )
    .input(ZIdInput)
    .output(ZAdminRevokedTokens)
    .mutation(({ ctx, input }) => revokeOAuthApplicationTokens(ctx.em, input.id, adminContext(ctx))),
} satisfies TRPCRouterRecord;
