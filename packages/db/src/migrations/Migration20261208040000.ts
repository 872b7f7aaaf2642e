import { Migration } from '@mikro-orm/migrations';

/**
 * The history of mailing consents (issue 22 §consent): every change of
 * preference.send_mailing_lists, with when, how (sign-up, unsubscribe link, staff, import), who
 * and old → new. Appended by packages/domain/src/people/mailing-consent.ts.
 */
export class Migration20261208040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mailing_consent_change" ("id" bigserial primary key, "profile_id" int not null, "administrative_unit_id" int not null, "old_value" boolean null, "new_value" boolean null, "source" text check ("source" in ('signup', 'unsubscribe', 'staff', 'import')) not null, "actor_id" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "mailing_consent_change_profile_index" on "mailing_consent_change" ("profile_id", "created_at");`);

    this.addSql(`alter table "mailing_consent_change" add constraint "mailing_consent_change_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mailing_consent_change" add constraint "mailing_consent_change_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mailing_consent_change" add constraint "mailing_consent_change_actor_id_foreign" foreign key ("actor_id") references "profile" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mailing_consent_change" cascade;`);
  }

}
