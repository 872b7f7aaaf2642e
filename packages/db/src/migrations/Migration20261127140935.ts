import { Migration } from '@mikro-orm/migrations';

export class Migration20261127140935 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "donor_payment_channel_last_payment_id_index" on "donor_payment_channel" ("last_payment_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "donor_payment_channel_last_payment_id_index";`);
  }

}
