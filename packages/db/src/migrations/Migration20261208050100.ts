import { Migration } from '@mikro-orm/migrations';

/** Mass e-mails (issue 19 §2): the mailing and its recipients, each with its send-once claim. */
export class Migration20261208050100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mailing" ("id" serial primary key, "name" varchar(200) not null, "administrative_unit_id" int not null, "subject_cs" varchar(300) not null default '', "body_cs" text not null default '', "subject_en" varchar(300) not null default '', "body_en" text not null default '', "segment_id" int null, "profiles" int[] not null default '{}', "attachment" varchar(255) null, "status" text check ("status" in ('draft', 'scheduled', 'sending', 'cancelled', 'done')) not null default 'draft', "scheduled_at" timestamptz null, "recipients_fixed_at" timestamptz null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_by_id" int null, "created" timestamptz not null default now(), "updated" timestamptz not null default now());`);

    this.addSql(`create table "mailing_recipient" ("mailing_id" int not null, "profile_id" int not null, "email" varchar(254) null, "status" text check ("status" in ('pending', 'sending', 'sent', 'failed', 'skipped')) not null default 'pending', "skip_reason" text check ("skip_reason" in ('no_consent', 'no_email', 'inactive')) null, "claimed_at" timestamptz null, "attempts" int not null default 0, "sent_at" timestamptz null, "error" text null, constraint "mailing_recipient_pkey" primary key ("mailing_id", "profile_id"));`);
    this.addSql(`create index "mailing_recipient_mailing_id_status_index" on "mailing_recipient" ("mailing_id", "status");`);

    this.addSql(`alter table "mailing" add constraint "mailing_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "mailing" add constraint "mailing_segment_id_foreign" foreign key ("segment_id") references "segment" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "mailing" add constraint "mailing_created_by_id_foreign" foreign key ("created_by_id") references "profile" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "mailing_recipient" add constraint "mailing_recipient_mailing_id_foreign" foreign key ("mailing_id") references "mailing" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mailing_recipient" add constraint "mailing_recipient_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mailing_recipient" drop constraint "mailing_recipient_mailing_id_foreign";`);

    this.addSql(`drop table if exists "mailing" cascade;`);

    this.addSql(`drop table if exists "mailing_recipient" cascade;`);
  }

}
