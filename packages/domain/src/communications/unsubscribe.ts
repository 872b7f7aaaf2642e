import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { constantTimeEqual } from '../auth/secrets.js';
import { setMailingConsent } from '../people/mailing-consent.js';

/**
 * One-click unsubscribe (issue 19 §2, RFC 8058): every mailing copy links to
 * `/unsubscribe/<token>/`, where the token names the person and the unit and is signed with
 * the installation's key (SECRET_KEY or the generated one, as JWTs are). It never expires: an
 * old e-mail's link must still work. The token carries ids only, never an address or a name.
 */

const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`klub.unsubscribe\u0000${body}`).digest('base64url').slice(0, 32);

export function unsubscribeToken(secret: string, profileId: number, unitId: number): string {
  const body = `${profileId.toString(36)}.${unitId.toString(36)}`;
  return `${body}.${sign(secret, body)}`;
}

export function readUnsubscribeToken(secret: string, token: string): { profileId: number; unitId: number } | null {
  const m = /^([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m || !constantTimeEqual(m[3]!, sign(secret, `${m[1]}.${m[2]}`))) return null;
  return { profileId: parseInt(m[1]!, 36), unitId: parseInt(m[2]!, 36) };
}

/** The public link of a token under the API's public address. */
export function unsubscribeUrl(publicApiUrl: string, token: string): string {
  return `${publicApiUrl.replace(/\/+$/, '')}/unsubscribe/${token}/`;
}

/** Turns the mailings of the token's unit off for its person; false for a bad token (nothing said about why). */
export async function unsubscribe(em: EntityManager, secret: string, token: string): Promise<boolean> {
  const who = readUnsubscribeToken(secret, token);
  if (!who) return false;
  await setMailingConsent(em, { profileId: who.profileId, unitId: who.unitId, consent: false, source: 'unsubscribe' });
  return true;
}
