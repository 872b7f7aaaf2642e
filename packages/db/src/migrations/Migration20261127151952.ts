import { Migration } from '@mikro-orm/migrations';

export class Migration20261127151952 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sent_email" add column "claimed_at" timestamptz not null default now(), add column "attempts" int not null default 1;`);
    // A claim that existed before the column was taken when its row was created.
    this.addSql(`update "sent_email" set "claimed_at" = "created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sent_email" drop column "claimed_at", drop column "attempts";`);
  }

}
