import { Migration } from '@mikro-orm/migrations';

/** Tax confirmations (issue 20): per-unit templates, one confirmation per donor, unit and year, earlier files. */
export class Migration20261208030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "tax_confirmation" ("id" serial primary key, "profile_id" int not null, "administrative_unit_id" int not null, "year" int not null, "amount" int not null, "payment_ids" int[] not null default '{}', "file" varchar(100) null, "data_hash" varchar(64) null, "generated_amount" int null, "generated_at" timestamptz null, "send_queued_at" timestamptz null, "sent_at" timestamptz null, "created" timestamptz not null default now(), constraint tax_confirmation_amount_check check (amount >= 0));`);
    this.addSql(`create index "tax_confirmation_administrative_unit_id_year_index" on "tax_confirmation" ("administrative_unit_id", "year");`);
    this.addSql(`alter table "tax_confirmation" add constraint "tax_confirmation_profile_id_administrative_unit_id_year_unique" unique ("profile_id", "administrative_unit_id", "year");`);

    this.addSql(`create table "tax_confirmation_file" ("id" serial primary key, "tax_confirmation_id" int not null, "file" varchar(100) not null, "amount" int not null, "generated_at" timestamptz null, "replaced_at" timestamptz not null default now());`);
    this.addSql(`create index "tax_confirmation_file_tax_confirmation_id_index" on "tax_confirmation_file" ("tax_confirmation_id");`);

    this.addSql(`create table "tax_confirmation_template" ("id" serial primary key, "administrative_unit_id" int not null, "issuer_name" varchar(255) not null default '', "issuer_address" varchar(255) not null default '', "issuer_ico" varchar(20) not null default '', "place" varchar(100) not null default '', "signatory" varchar(255) not null default '', "logo" varchar(100) null, "signature" varchar(100) null, "text_cs" text not null, "text_en" text null, "updated" timestamptz not null default now());`);
    this.addSql(`alter table "tax_confirmation_template" add constraint "tax_confirmation_template_administrative_unit_id_unique" unique ("administrative_unit_id");`);

    this.addSql(`alter table "tax_confirmation" add constraint "tax_confirmation_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "tax_confirmation" add constraint "tax_confirmation_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`);

    this.addSql(`alter table "tax_confirmation_file" add constraint "tax_confirmation_file_tax_confirmation_id_foreign" foreign key ("tax_confirmation_id") references "tax_confirmation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "tax_confirmation_template" add constraint "tax_confirmation_template_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tax_confirmation_file" drop constraint "tax_confirmation_file_tax_confirmation_id_foreign";`);

    this.addSql(`drop table if exists "tax_confirmation" cascade;`);

    this.addSql(`drop table if exists "tax_confirmation_file" cascade;`);

    this.addSql(`drop table if exists "tax_confirmation_template" cascade;`);
  }

}
