import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDateTime } from '@klub/contracts';
import type { AdminActor } from '../admin/audit-log.js';
import { personNameSql } from '../people/person-name-sql.js';
import { execute } from '../sql.js';

/**
 * Who looked at a person (issue 22): reading a profile through the admin API, exporting it or
 * erasing it leaves an entry in the audit log (resource `profiles`, the profile's id, the action
 * and the actor; no data of the person). One insert for any number of profiles, so a page that
 * shows several people costs one statement.
 */

export const PERSON_ACCESS_ACTIONS = ['view', 'export'] as const;
export type PersonAccessAction = (typeof PERSON_ACCESS_ACTIONS)[number];

export async function recordPersonAccess(em: EntityManager, actor: AdminActor, action: PersonAccessAction, profileIds: readonly number[]): Promise<void> {
  if (profileIds.length === 0) return;
  await execute(
    em,
    `insert into audit_log (actor_id, actor_kind, action, resource, object_id, changes, created_at)
     select ?, ?, ?, 'profiles', id::text, '{}'::jsonb, now() from unnest(?::int[]) as id`,
    [actor.id, actor.kind, action, `{${profileIds.join(',')}}`],
  );
}

export interface PersonAccessEntry {
  id: number;
  actor: number | null;
  actor_name: string | null;
  actor_kind: string;
  action: string;
  created_at: string;
}

/** The person's access entries (views, exports, erasure), newest first, one page and the count. */
export async function personAccessLog(
  em: EntityManager,
  profileId: number,
  window: { limit: number; offset: number },
): Promise<[PersonAccessEntry[], number]> {
  const rows = await execute<Array<Omit<PersonAccessEntry, 'created_at'> & { created_at: Date; total: string }>>(
    em,
    `select a.id::int as id, a.actor_id as actor, case when p.id is null then null else ${personNameSql('p')} end as actor_name, a.actor_kind, a.action, a.created_at,
            count(*) over () as total
       from audit_log a left join profile p on p.id = a.actor_id
      where a.resource = 'profiles' and a.object_id = ? and a.action in ('view', 'export', 'erase')
      order by a.created_at desc, a.id desc
      limit ? offset ?`,
    [String(profileId), window.limit, window.offset],
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && window.offset > 0) {
    const [c] = await execute<Array<{ n: string }>>(
      em,
      `select count(*) as n from audit_log where resource = 'profiles' and object_id = ? and action in ('view', 'export', 'erase')`,
      [String(profileId)],
    );
    total = Number(c?.n ?? 0);
  }
  return [
    rows.map(({ total: _t, created_at, ...r }) => ({ ...r, created_at: formatDateTime(new Date(created_at)) })),
    total,
  ];
}
