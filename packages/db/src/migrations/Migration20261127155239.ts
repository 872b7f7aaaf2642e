import { Migration } from '@mikro-orm/migrations';

export class Migration20261127155239 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "payment_type_ss_operation_id_index";`);
    this.addSql(`create index "payment_darujme_ss_operation_id_index" on "payment" ("ss", "operation_id") where type = 'darujme';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "payment_darujme_ss_operation_id_index";`);
    this.addSql(`create index "payment_type_ss_operation_id_index" on "payment" ("type", "ss", "operation_id");`);
  }

}
