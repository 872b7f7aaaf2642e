import { Migration } from '@mikro-orm/migrations';

/** The signing key an installation generates when `SECRET_KEY` is unset (installation-secret.ts): one row. */
export class Migration20261207211613 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "installation_secret" ("id" smallint not null, "secret_key" text not null, "created_at" timestamptz not null default now(), constraint "installation_secret_pkey" primary key ("id"), constraint installation_secret_one_row_check check (id = 1));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "installation_secret" cascade;`);
  }

}
