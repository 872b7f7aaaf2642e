import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/**
 * The `session` table of browser sessions (operations.md §3). Ids are stored as the SHA-256 of
 * the cookie value (the caller hashes), so a leaked table cannot be replayed.
 */
export interface BrowserSessionRow {
  id: string;
  user_id: number;
  expires_at: Date;
  csrf_token: string;
}

/** The session with this (hashed) id, when its person is active. */
export async function findBrowserSession(em: EntityManager, hashedId: string): Promise<BrowserSessionRow | undefined> {
  const [row] = await execute<BrowserSessionRow[]>(
    em,
    'select s.id, s.user_id, s.expires_at, s.csrf_token from session s join profile p on p.id = s.user_id where s.id = ? and p.is_active',
    [hashedId],
  );
  return row;
}

export function browserSessionsOf(em: EntityManager, userId: number): Promise<BrowserSessionRow[]> {
  return execute<BrowserSessionRow[]>(em, 'select id, user_id, expires_at, csrf_token from session where user_id = ?', [userId]);
}

export async function storeBrowserSession(em: EntityManager, row: BrowserSessionRow): Promise<void> {
  await execute(em, 'insert into session (id, user_id, expires_at, csrf_token) values (?, ?, ?, ?)', [
    row.id,
    row.user_id,
    row.expires_at,
    row.csrf_token,
  ]);
}

export async function extendBrowserSession(em: EntityManager, hashedId: string, expiresAt: Date): Promise<void> {
  await execute(em, 'update session set expires_at = ? where id = ?', [expiresAt, hashedId]);
}

export async function deleteBrowserSession(em: EntityManager, hashedId: string): Promise<void> {
  await execute(em, 'delete from session where id = ?', [hashedId]);
}

export async function deleteBrowserSessionsOf(em: EntityManager, userId: number): Promise<void> {
  await execute(em, 'delete from session where user_id = ?', [userId]);
}

export async function deleteExpiredBrowserSessions(em: EntityManager): Promise<void> {
  await execute(em, 'delete from session where expires_at <= now()');
}
