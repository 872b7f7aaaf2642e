import { Migration } from '@mikro-orm/migrations';

/**
 * Receipts of public sign-ups (issue 16 §2): the sign-up writer's answer to each request, by the
 * request's key, written with the sign-up, so that a COMMIT whose answer was lost can be told
 * apart from one that never happened.
 */
export class Migration20261208060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "signup_receipt" ("key" uuid not null, "user_id" int not null, "created" timestamptz not null default now(), constraint "signup_receipt_pkey" primary key ("key"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "signup_receipt" cascade;`);
  }
}
