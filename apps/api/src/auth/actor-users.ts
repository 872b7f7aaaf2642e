import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from './actor.js';

export interface UserRow {
  id: number;
  username: string | null;
  is_staff: boolean;
  is_superuser: boolean;
  is_active: boolean;
  roles: Role[];
}

// The profile's flags with its roles aggregated, for one or several profiles. No password: it is
// checked only by the password check (password-logins.ts), which reads it itself.
const BY_IDS = `select p.id, p.username, p.is_staff, p.is_superuser, p.is_active,
  coalesce(array_agg(r.role) filter (where r.role is not null), '{}') as roles
  from profile p left join profile_role r on r.profile_id = p.id
  where p.id in (?) group by p.id`;

/** One user by id, read now. */
export async function loadActorUser(em: EntityManager, id: number): Promise<UserRow | undefined> {
  const rows = await em.getConnection().execute<UserRow[]>(BY_IDS, [[id]]);
  return rows[0];
}

interface Waiter {
  resolve: (row: UserRow | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * The user lookup of authenticated requests by id, coalesced. A lookup made while none is in
 * flight goes at once; lookups made meanwhile wait for it and then go together in one statement.
 * Under load, N authenticated requests cost a few round trips instead of N (the lookup was
 * about a third of the cost of an authenticated POST, mostly its socket write). Every answer is
 * read after its request asked, so none is staler than a lookup of its own.
 */
export class ActorUserLoader {
  private waiting = new Map<number, Waiter[]>();
  private busy = false;

  byId(em: EntityManager, id: number): Promise<UserRow | undefined> {
    return new Promise<UserRow | undefined>((resolve, reject) => {
      const waiters = this.waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(id, [{ resolve, reject }]);
      if (!this.busy) void this.drain(em);
    });
  }

  private async drain(em: EntityManager): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.size) {
        const batch = this.waiting;
        this.waiting = new Map();
        try {
          const rows = await em.getConnection().execute<UserRow[]>(BY_IDS, [[...batch.keys()]]);
          const byId = new Map(rows.map((r) => [r.id, r]));
          for (const [id, waiters] of batch) for (const w of waiters) w.resolve(byId.get(id));
        } catch (err) {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
