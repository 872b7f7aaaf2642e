import { Migration } from '@mikro-orm/migrations';

/** The user search looks in the maiden name too (api.md §7.11). */
export class Migration20261128013500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "profile_search_trgm_index";`);
    this.addSql(`create index "profile_search_trgm_index" on "profile" using gin (public.klub_fold(first_name || ' ' || last_name || ' ' || nickname || ' ' || maiden_name || ' ' || coalesce(username, '') || ' ' || coalesce(email, '')) public.gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "profile_search_trgm_index";`);
    this.addSql(`create index "profile_search_trgm_index" on "profile" using gin (public.klub_fold(first_name || ' ' || last_name || ' ' || coalesce(nickname, '') || ' ' || coalesce(username, '') || ' ' || coalesce(email, '')) public.gin_trgm_ops);`);
  }

}
