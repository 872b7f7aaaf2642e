import { Migration } from '@mikro-orm/migrations';

export class Migration20261208050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "segment" ("id" serial primary key, "name" varchar(200) not null, "description" text not null default '', "rule" jsonb not null, "created_by_id" int null, "created" timestamptz not null default now(), "updated" timestamptz not null default now());`);
    this.addSql(`alter table "segment" add constraint "segment_name_unique" unique ("name");`);

    this.addSql(`alter table "segment" add constraint "segment_created_by_id_foreign" foreign key ("created_by_id") references "profile" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "segment" cascade;`);
  }

}
