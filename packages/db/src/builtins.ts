import type { EntityManager } from '@mikro-orm/postgresql';

/** Built-in interaction categories (api.md §12.1), keyed by slug. */
export const BUILTIN_INTERACTION_CATEGORIES = [
  { slug: 'event_interaction', category: 'Účast na akci' },
  { slug: 'volunteer', category: 'Nabídka o pomoci' },
  { slug: 'membership', category: 'Členství' },
  { slug: 'emails', category: 'emails' },
] as const;

/** Built-in interaction types (api.md §12.1); `name` is also the subject of the interactions. */
export const BUILTIN_INTERACTION_TYPES = [
  { slug: 'event_registration', name: 'Registrace do akci', category: 'event_interaction' },
  { slug: 'event_attendance', name: 'Účast na akci', category: 'event_interaction' },
  { slug: 'volunteer', name: 'Nabídka o pomoci', category: 'volunteer' },
  { slug: 'membership-application', name: 'Žadost o Členství', category: 'membership' },
  { slug: 'membership-approval', name: 'Přijetí Členství', category: 'membership' },
] as const;

/** Default status of every new interaction (domain.md §5.3). */
export const UNKNOWN_INTERACTION_STATUS = 'Unknown';
/** Position given to the creator of an event made through the front-end API (domain.md §4.4). */
export const EVENT_CREATOR_POSITION = 'Event creator';

/** Arbitrary constant key of the advisory lock that serialises concurrent boots. */
const BUILTINS_LOCK_KEY = 7_361_420;

/**
 * Creates the rows the API looks up by slug or name (api.md §12.1, D15), leaving existing rows as
 * they are: an administrator may have renamed them, and the rename wins. Safe to call at every boot.
 */
export async function ensureBuiltinRows(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    // Status and position have no unique key, so two processes booting at once must not both insert.
    await tx.execute('select pg_advisory_xact_lock(?)', [BUILTINS_LOCK_KEY]);
    for (const c of BUILTIN_INTERACTION_CATEGORIES) {
      await tx.execute(
        'insert into interaction_category (category, slug, display) values (?, ?, true) on conflict (slug) do nothing',
        [c.category, c.slug],
      );
    }
    for (const t of BUILTIN_INTERACTION_TYPES) {
      await tx.execute(
        `insert into interaction_type (name, slug, category_id, send_email, send_sms, visible_fields)
         select ?, ?, c.id, false, false, '{}' from interaction_category c where c.slug = ?
         on conflict (slug) do nothing`,
        [t.name, t.slug, t.category],
      );
    }
    await tx.execute(
      'insert into interaction_status (status) select ? where not exists (select 1 from interaction_status where status = ?)',
      [UNKNOWN_INTERACTION_STATUS, UNKNOWN_INTERACTION_STATUS],
    );
    await tx.execute(
      `insert into organization_position (name, description) select ?, ''
       where not exists (select 1 from organization_position where name = ?)`,
      [EVENT_CREATOR_POSITION, EVENT_CREATOR_POSITION],
    );
  });
}
