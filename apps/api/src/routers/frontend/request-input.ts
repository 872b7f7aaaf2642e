import { middleware } from '../../trpc/init.js';

const isRest = (url: string) => /^\/api(\/|$)/i.test(url);

/**
 * On REST, trpc-to-openapi gives a POST/PUT/PATCH procedure only the body (and path
 * parameters) as input, but DRF views also read query parameters (`?event=` of event_orgteam,
 * `?dob=` of edit_userprofile). This copies them into the raw input, replacing any body key of
 * the same name, which DRF would ignore. On /trpc the input is used as sent.
 */
export function withQueryParams(...names: string[]) {
  return middleware(async ({ ctx, getRawInput, next }) => {
    if (!isRest(ctx.req.originalUrl)) return next();
    const raw = await getRawInput();
    // Anything but an object is the input validator's to refuse.
    if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) return next();
    const query = new URL(ctx.req.originalUrl, 'http://localhost').searchParams;
    const merged: Record<string, unknown> = { ...(raw as Record<string, unknown> | undefined) };
    for (const name of names) {
      const values = query.getAll(name);
      if (values.length) merged[name] = values[values.length - 1];
      else delete merged[name];
    }
    return next({ getRawInput: () => Promise.resolve(merged) });
  });
}

/** A raw input value as text (path and query parameters arrive as text on REST, as sent on /trpc). */
export function rawText(raw: unknown, key: string): string | undefined {
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : undefined;
}
