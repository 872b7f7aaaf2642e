import { createHmac, timingSafeEqual } from 'node:crypto';

const DEFAULT_TTL = 15 * 60;

/**
 * Signed, expiring URLs for private stored files (paid PDFs, bank statements), served at
 * `<prefix><key>`: the signature is an HMAC of the key and the expiry with the installation's
 * signing key, so a URL handed to one paying member stops working after `ttlSeconds`.
 */
export class SignedFileUrls {
  constructor(
    private readonly secret: string,
    /** Where the files are served, root-relative. */
    private readonly prefix = '/upload/',
    /** Signed into every URL, so a URL made for one kind of download is no key to another. */
    private readonly purpose = 'klub.storage',
  ) {}

  private sign(key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${this.purpose}\u0000${key}\u0000${expires}`).digest('base64url');
  }

  /** A URL for `key`: root-relative, signed, and valid for `ttlSeconds`. */
  url(key: string, ttlSeconds = DEFAULT_TTL): string {
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const encoded = key.split('/').map(encodeURIComponent).join('/');
    return `${this.prefix}${encoded}?expires=${expires}&signature=${this.sign(key, expires)}`;
  }

  /** Is `signature` valid for `key` until `expires` (unix seconds)? */
  verify(key: string, expires: string | undefined, signature: string | undefined): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) < Date.now() / 1000) return false;
    const expected = Buffer.from(this.sign(key, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
