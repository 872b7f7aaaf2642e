/**
 * SQL expressions that have a matching index in the initial migration. Queries must use them
 * verbatim (same functions, same operand order), or PostgreSQL will not use the index.
 */

/** Text searched by the front-end user search (api.md §7.11): names, maiden name, username, e-mail; GIN trigram index `profile_search_trgm_index`. */
export const PROFILE_SEARCH_SQL =
  "public.klub_fold(first_name || ' ' || last_name || ' ' || nickname || ' ' || maiden_name || ' ' || coalesce(username, '') || ' ' || coalesce(email, ''))";

/** Default event ordering key, then `id` (btree index `event_name_fold_index`). */
export const EVENT_NAME_ORDER_SQL = 'public.klub_fold(name)';

/** Accent- and case-folds a value the way the indexed expressions are folded. */
export const FOLD_SQL = 'public.klub_fold(?)';
