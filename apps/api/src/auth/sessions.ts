import type { MikroORM } from '@mikro-orm/postgresql';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
import {
  browserSessionsOf,
  deleteBrowserSession,
  deleteBrowserSessionsOf,
  deleteExpiredBrowserSessions,
  extendBrowserSession,
  findBrowserSession,
  randomToken,
  sha256Hex,
  storeBrowserSession,
} from '@klub/domain';

/**
 * lucia v3 stores the raw session id; we store its SHA-256 instead (as lucia's own successor
 * guide recommends), so a leaked session table cannot be replayed. Ids given to the adapter
 * are the raw cookie values and are hashed on the way in.
 */
class MikroOrmSessionAdapter implements Adapter {
  constructor(private readonly orm: MikroORM) {}

  private get em() {
    return this.orm.em.fork();
  }

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await findBrowserSession(this.em, sha256Hex(sessionId));
    if (!row) return [null, null];
    return [
      {
        id: sessionId,
        userId: String(row.user_id),
        expiresAt: new Date(row.expires_at),
        attributes: { csrfToken: row.csrf_token },
      },
      { id: String(row.user_id), attributes: {} },
    ];
  }

  /** The returned ids are hashes: use deleteUserSessions, not deleteSession, on them. */
  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await browserSessionsOf(this.em, Number(userId));
    return rows.map((r) => ({
      id: r.id,
      userId: String(r.user_id),
      expiresAt: new Date(r.expires_at),
      attributes: { csrfToken: r.csrf_token },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await storeBrowserSession(this.em, {
      id: sha256Hex(session.id),
      user_id: Number(session.userId),
      expires_at: session.expiresAt,
      csrf_token: session.attributes.csrfToken,
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await extendBrowserSession(this.em, sha256Hex(sessionId), expiresAt);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await deleteBrowserSession(this.em, sha256Hex(sessionId));
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await deleteBrowserSessionsOf(this.em, Number(userId));
  }

  async deleteExpiredSessions(): Promise<void> {
    await deleteExpiredBrowserSessions(this.em);
  }
}

export const SESSION_COOKIE = 'sessionid';
export const CSRF_COOKIE = 'csrftoken';

export interface ValidSession {
  userId: number;
  csrfToken: string;
  /** Set-Cookie values to send back (lucia extends a session past half its life). */
  setCookies: string[];
}

/** Browser sessions (operations.md §3), kept behind this interface so lucia can be swapped out. */
export class SessionService {
  private readonly lucia: KlubLucia;

  constructor(orm: MikroORM, secureCookies: boolean) {
    this.lucia = new Lucia(new MikroOrmSessionAdapter(orm), {
      sessionExpiresIn: new TimeSpan(2, 'w'),
      sessionCookie: { name: SESSION_COOKIE, attributes: { secure: secureCookies, sameSite: 'lax' } },
      getSessionAttributes: (attributes) => ({ csrfToken: attributes.csrfToken }),
    });
  }

  /** Start a session; returns the Set-Cookie values (session cookie + readable CSRF cookie). */
  async create(userId: number): Promise<{ setCookies: string[]; csrfToken: string }> {
    const csrfToken = randomToken(32);
    const session = await this.lucia.createSession(String(userId), { csrfToken });
    return { setCookies: [this.lucia.createSessionCookie(session.id).serialize(), this.csrfCookie(csrfToken)], csrfToken };
  }

  sessionIdFromCookieHeader(cookieHeader: string | undefined): string | null {
    return cookieHeader ? this.lucia.readSessionCookie(cookieHeader) : null;
  }

  async validate(sessionId: string): Promise<ValidSession | null> {
    const { session } = await this.lucia.validateSession(sessionId);
    if (!session) return null;
    const setCookies = session.fresh ? [this.lucia.createSessionCookie(session.id).serialize()] : [];
    return { userId: Number(session.userId), csrfToken: session.csrfToken, setCookies };
  }

  async invalidate(sessionId: string): Promise<string[]> {
    await this.lucia.invalidateSession(sessionId);
    return [this.lucia.createBlankSessionCookie().serialize(), `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`];
  }

  async invalidateUser(userId: number): Promise<void> {
    await this.lucia.invalidateUserSessions(String(userId));
  }

  private csrfCookie(token: string): string {
    // Readable by the page's JavaScript on purpose: it must echo it in X-CSRFToken (Django's scheme).
    return `${CSRF_COOKIE}=${token}; Path=/; Max-Age=${14 * 24 * 3600}; SameSite=Lax`;
  }
}

type KlubLucia = Lucia<{ csrfToken: string }>;

declare module 'lucia' {
  interface Register {
    Lucia: KlubLucia;
    DatabaseSessionAttributes: { csrfToken: string };
  }
}
