import { randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';

export type JwtType = 'access' | 'refresh';

/** simplejwt defaults (api.md §3.2): access 5 minutes, refresh 1 day. */
export const ACCESS_LIFETIME_S = 5 * 60;
export const REFRESH_LIFETIME_S = 24 * 60 * 60;

export type JwtCheck =
  { ok: true; userId: number; expiresAt: number } | { ok: false; reason: 'invalid' | 'wrong_type' };

interface VerifiedClaims {
  userId: number;
  type: unknown;
  /** `exp`, in seconds. */
  exp: number;
}

/** HS256 JWTs with the claims simplejwt issues: token_type, exp, iat, jti, user_id. */
export class JwtService {
  /**
   * Tokens whose signature was verified, with their claims: a client sends the same access token
   * with every request for its five minutes, and the HMAC check (a WebCrypto job on the thread
   * pool) was a tenth of an authenticated request's CPU. Only genuine tokens get in, so a flood
   * of forged ones cannot evict them; expiry is still checked at every use.
   */
  private readonly verified = new LRUCache<string, VerifiedClaims>({ max: 10_000 });

  /** Imported once: given raw bytes, jose imports the key again for every token (a few percent of a JWT request's CPU). */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(secret: string) {
    this.key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async sign(userId: number, type: JwtType, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({ token_type: type, user_id: userId, jti: randomUUID().replace(/-/g, '') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + (type === 'access' ? ACCESS_LIFETIME_S : REFRESH_LIFETIME_S))
      .sign(await this.key);
  }

  async pair(userId: number): Promise<{ refresh: string; access: string }> {
    const [refresh, access] = await Promise.all([this.sign(userId, 'refresh'), this.sign(userId, 'access')]);
    return { refresh, access };
  }

  async verify(token: string, expected: JwtType): Promise<JwtCheck> {
    let claims = this.verified.get(token);
    if (claims) {
      // jose's rule: expired once `exp` is not after the current second.
      if (claims.exp <= Math.floor(Date.now() / 1000)) return { ok: false, reason: 'invalid' };
    } else {
      try {
        const { payload } = await jwtVerify(token, await this.key, { algorithms: ['HS256'] });
        const userId = payload.user_id;
        if (typeof userId !== 'number' || !Number.isInteger(userId) || payload.exp === undefined) {
          return { ok: false, reason: 'invalid' };
        }
        claims = { userId, type: payload.token_type, exp: payload.exp };
        // A token not valid before some time would be judged on its first use only; ours have none.
        if (payload.nbf === undefined) this.verified.set(token, claims);
      } catch (e) {
        if (e instanceof joseErrors.JOSEError) return { ok: false, reason: 'invalid' };
        throw e;
      }
    }
    if (claims.type !== expected) return { ok: false, reason: 'wrong_type' };
    return { ok: true, userId: claims.userId, expiresAt: claims.exp * 1000 };
  }
}
