/** The `user:password` pair of an HTTP Basic credential's base64 part, or null when it has no colon. */
export function decodeBasic(encoded: string): { user: string; password: string } | null {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
