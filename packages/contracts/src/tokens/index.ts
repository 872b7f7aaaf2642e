import { z } from 'zod';
import { field } from '../fields.js';
import { STAFF_ROLE } from '../choices.js';

/** `POST /api/token/` (api.md §3.2). The password is not trimmed (simplejwt's PasswordField). */
export const ZTokenObtainInput = z.object({
  username: field.string({ description: 'Login name (not the e-mail address)' }),
  password: field.string({ trim: false, description: 'Password' }),
});
export const ZTokenPair = z
  .object({
    refresh: z.string().describe('Refresh JWT, valid 1 day; exchange it at /api/token/refresh/'),
    access: z.string().describe('Access JWT, valid 5 minutes; send as `Authorization: Bearer <access>`'),
  })
  .meta({ id: 'TokenPair' });

/** `POST /api/token/refresh/` (api.md §3.3). */
export const ZTokenRefreshInput = z.object({
  refresh: field.string({ trim: false, description: 'The refresh JWT from /api/token/' }),
});
export const ZTokenRefreshOutput = z
  .object({ access: z.string().describe('A new access JWT, valid 5 minutes') })
  .meta({ id: 'TokenRefresh' });

// The OAuth endpoint is not a DRF view: it answers RFC 6749 errors itself, so every field is
// taken as sent and the checks live in the domain (a value that is not a string is its
// `invalid_request`, not a DRF field error).
const oauthText = (description: string) => z.unknown().optional().describe(description).meta({ type: 'string' });

/** `POST /api/o/token/` (api.md §3.1), JSON or form body; client credentials may also come as HTTP Basic. */
export const ZOAuthTokenInput = z.object({
  grant_type: oauthText('`client_credentials`, `password` or `refresh_token`'),
  client_id: oauthText('Application id'),
  client_secret: oauthText('Application secret'),
  scope: oauthText('Space-separated scopes; default: the application’s scope string'),
  username: oauthText('Password grant only'),
  password: oauthText('Password grant only'),
  refresh_token: oauthText('Refresh grant only'),
});
export const ZOAuthToken = z
  .object({
    access_token: z.string().describe('Opaque bearer token'),
    expires_in: z.number().int().describe('Lifetime in seconds (86400)'),
    token_type: z.literal('Bearer').describe('Always `Bearer`'),
    scope: z.string().describe('Granted scopes, space-separated'),
    refresh_token: z.string().optional().describe('Password grant only'),
  })
  .meta({ id: 'OAuthToken' });

/** `POST /api/auth/login/` (operations.md §3). */
export const ZLoginInput = z.object({
  username: field.string({ description: 'Login name' }),
  password: field.string({ trim: false, description: 'Password' }),
});

/** The `whoami` body (api.md §7.1), also answered by a successful login. */
export const ZWhoami = z
  .object({
    id: z.number().int().describe('Profile id'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    nickname: z.string().describe('Nickname'),
    is_staff: z.boolean().describe('Staff user'),
    is_superuser: z.boolean().describe('Superuser'),
    is_event_organizer: z.boolean().describe('May create events (event organizer role or superuser)'),
    admin_role: z
      .enum(STAFF_ROLE)
      .nullable()
      .describe('Role in the admin: `superuser` (everything), `organisation` (every unit’s data), `unit` (the units below); null: no admin access'),
    administered_units: z.array(z.number().int()).describe('Ids of the administrative units the caller administers (unit staff see only these)'),
  })
  .meta({ id: 'Whoami' });
export type TWhoami = z.infer<typeof ZWhoami>;
