import type { KlubApp } from '../helpers/klub-app.js';

export const EN = { 'accept-language': 'en' };

/** A superuser's JWT headers (English messages). */
export async function superuser(app: KlubApp, username = 'root'): Promise<{ id: number; headers: Record<string, string> }> {
  const su = await app.user({ username, isStaff: true, isSuperuser: true });
  return { id: su.id, headers: { authorization: `Bearer ${su.access}`, ...EN } };
}

/** `app.api` with a JSON body and the given headers. */
export function caller(app: KlubApp, headers: Record<string, string>) {
  return (method: string, path: string, json?: unknown) =>
    app.api(path, { method, headers, ...(json === undefined ? {} : { json }) });
}
