import { Migration } from '@mikro-orm/migrations';

/**
 * Bulk import of people (issue 17 §3): the import with its status row, the saved column mapping
 * per unit, and the staging table the dry run and the job compare with SQL.
 */
export class Migration20261208070000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "person_import_mapping" ("administrative_unit_id" int not null, "mapping" jsonb not null, "updated" timestamptz not null default now(), constraint "person_import_mapping_pkey" primary key ("administrative_unit_id"));`);

    this.addSql(`create table "person_import" ("id" serial primary key, "administrative_unit_id" int not null, "created_by_id" int null, "file_key" varchar(100) not null, "file_name" varchar(255) not null, "file_hash" varchar(64) not null, "format" text check ("format" in ('csv', 'xlsx')) not null, "encoding" varchar(20) null, "delimiter" varchar(1) null, "headers" jsonb not null, "mapping" jsonb null, "status" text check ("status" in ('uploaded', 'staged', 'queued', 'running', 'done', 'failed')) not null default 'uploaded', "rows_total" int not null default 0, "rows_done" int not null default 0, "progress" int not null default 0, "counts" jsonb not null default '{}', "channels_created" int not null default 0, "error" text null, "created" timestamptz not null default now(), "started" timestamptz null, "finished" timestamptz null);`);
    this.addSql(`create index "person_import_file_hash_index" on "person_import" ("file_hash");`);

    this.addSql(`create table "person_import_row" ("id" serial primary key, "person_import_id" int not null, "row_no" int not null, "row_key" varchar(64) not null, "email" text not null default '', "first_name" text not null default '', "last_name" text not null default '', "telephone" text not null default '', "street" text not null default '', "city" text not null default '', "zip_code" text not null default '', "age_group" int null, "birth_month" int null, "birth_day" int null, "language" varchar(2) null, "sex" varchar(10) null, "note" text not null default '', "vs" varchar(30) null, "regular_amount" int null, "regular_frequency" varchar(20) null, "money_account" text null, "event" text null, "wants_channel" boolean not null default false, "money_account_id" int null, "event_id" int null, "parse_errors" jsonb not null default '[]', "reasons" jsonb not null default '[]', "outcome" text check ("outcome" in ('create', 'update', 'unchanged', 'refuse', 'skip')) null, "fills" jsonb not null default '[]', "channel" varchar(10) null, "profile_id" int null, "channel_id" int null, "applied" boolean not null default false);`);
    this.addSql(`create index "person_import_row_row_key_index" on "person_import_row" ("row_key");`);
    this.addSql(`alter table "person_import_row" add constraint "person_import_row_person_import_id_row_no_unique" unique ("person_import_id", "row_no");`);

    this.addSql(`alter table "person_import_mapping" add constraint "person_import_mapping_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "person_import" add constraint "person_import_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "person_import" add constraint "person_import_created_by_id_foreign" foreign key ("created_by_id") references "profile" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "person_import_row" add constraint "person_import_row_person_import_id_foreign" foreign key ("person_import_id") references "person_import" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "person_import_row" drop constraint "person_import_row_person_import_id_foreign";`);

    this.addSql(`drop table if exists "person_import_mapping" cascade;`);

    this.addSql(`drop table if exists "person_import" cascade;`);

    this.addSql(`drop table if exists "person_import_row" cascade;`);
  }

}
