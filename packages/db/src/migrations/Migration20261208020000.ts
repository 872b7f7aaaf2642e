import { Migration } from '@mikro-orm/migrations';

/**
 * Unit-scoped staff (issue 17 §1): an audit entry remembers the units its object reached, so
 * unit staff see the history of their units' objects (deleted ones included) and nothing else.
 * Entries written before stay null: organisation staff and superusers see them.
 */
export class Migration20261208020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_log" add column "unit_ids" int[] null;`);
    this.addSql(`create index "audit_log_unit_ids_index" on "audit_log" using gin ("unit_ids");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "audit_log_unit_ids_index";`);
    this.addSql(`alter table "audit_log" drop column if exists "unit_ids";`);
  }
}
