import { MSG } from '@klub/contracts';
import type { ErrorBody } from '@klub/domain';

/**
 * The `Authorization` header of a request, read once here for everyone who needs it (the actor
 * resolver, the token endpoints' client credentials, the response cache's key).
 *
 * - `none`: no header; `other`: a scheme we ignore (the request is anonymous, api.md §2.1).
 * - `malformed`: a Bearer or Basic header that the reference refuses, with its 403 body.
 */
export type Authorization =
  | { scheme: 'none' }
  | { scheme: 'other' }
  | { scheme: 'bearer'; token: string }
  | { scheme: 'basic'; user: string; password: string }
  | { scheme: 'malformed'; of: 'bearer' | 'basic'; body: ErrorBody };

// DRF's BasicAuthentication messages, in its order of checks.
const BASIC_NO_CREDENTIALS = 'Invalid basic header. No credentials provided.';
const BASIC_SPACES = 'Invalid basic header. Credentials string should not contain spaces.';
const BASIC_NOT_BASE64 = 'Invalid basic header. Credentials not correctly base64 encoded.';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The decoded credential text: UTF-8, or Latin-1 when the bytes are not UTF-8 (as DRF decodes). */
function decodeCredentials(encoded: string): string {
  const bytes = Buffer.from(encoded, 'base64');
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export function parseAuthorization(header: string | undefined): Authorization {
  if (header === undefined) return { scheme: 'none' };
  const parts = header.trim().split(/\s+/);
  const scheme = parts[0]?.toLowerCase();
  if (scheme === 'bearer') {
    // simplejwt: anything but exactly one value after the keyword.
    if (parts.length !== 2 || !parts[1]) {
      return { scheme: 'malformed', of: 'bearer', body: { detail: MSG.badAuthorizationHeader, code: 'bad_authorization_header' } };
    }
    return { scheme: 'bearer', token: parts[1] };
  }
  if (scheme === 'basic') {
    if (parts.length === 1 || !parts[1]) return { scheme: 'malformed', of: 'basic', body: { detail: BASIC_NO_CREDENTIALS } };
    if (parts.length > 2) return { scheme: 'malformed', of: 'basic', body: { detail: BASIC_SPACES } };
    const decoded = decodeCredentials(parts[1]);
    const colon = decoded.indexOf(':');
    if (colon < 0) return { scheme: 'malformed', of: 'basic', body: { detail: BASIC_NOT_BASE64 } };
    return { scheme: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { scheme: 'other' };
}
