import type { EntityManager } from '@mikro-orm/postgresql';
import type { TAdminOAuthApplicationWithSecret, TAdminRevokedTokens, GrantType } from '@klub/contracts';
import { OAuthAccessToken, OAuthRefreshToken, type OAuthApplication } from '@klub/db';
import { createOAuthApplication } from '../auth/oauth-applications.js';
import { newClientCredentials } from '../auth/oauth-tokens.js';
import { ValidationError } from '../errors.js';
import { finishAdminWrite, findAdminEntity, recordAdminAction, runAdminWrite, toRepresentation, writeAdminInput } from './crud.js';
import type { AdminContext, AdminEntity } from './resource.js';
import { normaliseScopes, oauthApplicationsAdmin as def } from './resources/oauth-applications.js';

/** createOAuthApplication names its fields after the CLI flags; the admin API after the columns. */
const RENAME: Readonly<Record<string, string>> = { scopes: 'default_scopes', grant: 'authorization_grant_type' };

/**
 * `POST /api/admin/oauth-applications/`: the same creation as `pnpm klub create-oauth-app`
 * (only the secret's hash is stored), then the remaining columns; answers the clear secret once.
 */
export async function adminCreateOAuthApplication(
  em: EntityManager,
  input: Record<string, unknown>,
  ctx: AdminContext,
): Promise<TAdminOAuthApplicationWithSecret> {
  return runAdminWrite(em, def, async (tem, scope) => {
    const { name, default_scopes, authorization_grant_type, ...rest } = input;
    let created: Awaited<ReturnType<typeof createOAuthApplication>>;
    try {
      created = await createOAuthApplication(tem, {
        name: name as string,
        scopes: normaliseScopes(typeof default_scopes === 'string' ? default_scopes : 'read write'),
        grant: (authorization_grant_type ?? 'client-credentials') as GrantType,
      });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      throw new ValidationError(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [RENAME[k] ?? k, v])));
    }
    const entity = created.application as unknown as AdminEntity;
    await writeAdminInput(def, { em: tem, entity, input: rest, ctx, scope, isCreate: false, before: null });
    const out = await finishAdminWrite(tem, def, ctx, 'create', entity.id, null);
    return { ...(out as Omit<TAdminOAuthApplicationWithSecret, 'client_secret'>), client_secret: created.clientSecret };
  });
}

/** A new client secret (the old one stops working at once); answered once, stored hashed. */
export async function rotateOAuthClientSecret(em: EntityManager, id: number, ctx: AdminContext): Promise<TAdminOAuthApplicationWithSecret> {
  return runAdminWrite(em, def, async (tem) => {
    const app = (await findAdminEntity(tem, def, id, ctx.access)) as unknown as OAuthApplication;
    const { clientSecret, clientSecretHash } = newClientCredentials();
    app.clientSecretHash = clientSecretHash;
    await tem.flush();
    await recordAdminAction(tem, def, ctx, 'rotate-secret', id);
    tem.clear();
    const out = await findAdminEntity(tem, def, id, ctx.access);
    return { ...(toRepresentation(def, out) as Omit<TAdminOAuthApplicationWithSecret, 'client_secret'>), client_secret: clientSecret };
  });
}

/** Revoke every access and refresh token of an application (its clients must ask again). */
export async function revokeOAuthApplicationTokens(em: EntityManager, id: number, ctx: AdminContext): Promise<TAdminRevokedTokens> {
  return runAdminWrite(em, def, async (tem) => {
    await findAdminEntity(tem, def, id, ctx.access);
    const refresh_tokens = await tem.nativeDelete(OAuthRefreshToken, { application: id });
    const access_tokens = await tem.nativeDelete(OAuthAccessToken, { application: id });
    await recordAdminAction(tem, def, ctx, 'revoke-tokens', id, {
      access_tokens: { old: access_tokens, new: 0 },
      refresh_tokens: { old: refresh_tokens, new: 0 },
    });
    return { access_tokens, refresh_tokens };
  });
}
