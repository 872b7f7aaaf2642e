import { Migration } from '@mikro-orm/migrations';

export class Migration20261127122230 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "actor_id" int null, "actor_kind" varchar(30) not null, "action" varchar(30) not null, "resource" varchar(100) not null, "object_id" varchar(100) null, "changes" jsonb not null default '{}', "created_at" timestamptz not null default now());`);
    this.addSql(`create index "audit_log_resource_object_index" on "audit_log" ("resource", "object_id");`);
    this.addSql(`create index "audit_log_created_at_index" on "audit_log" ("created_at");`);

    this.addSql(`create table "payment_status_change" ("id" bigserial primary key, "donor_payment_channel_id" int not null, "state" text check ("state" in ('late', 'current')) not null, "expected_regular_payment_date" date null, "detected_at" timestamptz not null default now(), "notified_at" timestamptz null);`);
    this.addSql(`create index "payment_status_change_detected_at_index" on "payment_status_change" ("detected_at");`);

    this.addSql(`alter table "audit_log" add constraint "audit_log_actor_id_foreign" foreign key ("actor_id") references "profile" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "payment_status_change" add constraint "payment_status_change_donor_payment_channel_id_foreign" foreign key ("donor_payment_channel_id") references "donor_payment_channel" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop table if exists "payment_status_change" cascade;`);
  }

}
