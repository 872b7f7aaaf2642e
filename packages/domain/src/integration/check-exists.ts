import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/** `GET /api/check_event/{slug}/` (api.md §9.1): any event, public or not. */
export async function eventSlugExists(em: EntityManager, slug: string): Promise<boolean> {
  return (await execute(em, 'select 1 from event where slug = ?', [slug])).length > 0;
}

/** `GET /api/check_moneyaccount/{slug}/` (api.md §9.2): bank or Darujme account. */
export async function moneyAccountSlugExists(em: EntityManager, slug: string): Promise<boolean> {
  return (await execute(em, 'select 1 from money_account where slug = ?', [slug])).length > 0;
}
