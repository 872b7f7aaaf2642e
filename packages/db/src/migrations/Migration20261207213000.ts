import { Migration } from '@mikro-orm/migrations';

/**
 * PostgreSQL tells every API process what changed (issue 16 §1): statement-level triggers on the
 * tables that cached responses are built from send `NOTIFY klub_table_changes` with the table's
 * name, delivered only when the writing transaction commits, whoever wrote (the API, the worker,
 * psql, a restore) and including foreign-key cascades. Where it pays, the payload also names the
 * changed rows by a key column (`interaction event_id:4,9`) so that a sign-up drops only the page
 * of its own event and the answers about its own person, not every cached answer.
 *
 * Payloads: `<table>` (any row may have changed: TRUNCATE, too many keys, or a table without key
 * columns) or `<table> <column>:<v1>,<v2> …` (only the rows with those values changed; a list
 * may be empty when every key was null). The triggers fire `ALWAYS`, so also under
 * `session_replication_role = replica` (the statement import).
 */
const CHANNEL = 'klub_table_changes';

/** Tables whose rows are narrowed by key columns; the first column set is what cached reads look rows up by. */
const KEYED: Record<string, string[]> = {
  profile: ['id'],
  profile_role: ['profile_id'],
  interaction: ['event_id'],
  oauth_access_token: ['id'],
  oauth_application: ['id'],
  donor_payment_channel: ['user_id', 'event_id'],
};

const WHOLE = [
  'payment',
  'event',
  'location',
  'event_type',
  'event_administrative_units',
  'administrative_unit',
  'interaction_type',
  'interaction_category',
  'money_account',
];

const FUNCTION = `create or replace function klub_notify_table_change() returns trigger language plpgsql as $$
declare
  payload text := tg_table_name;
  src text;
  col text;
  keys text;
  n bigint;
begin
  if tg_nargs > 0 and tg_op <> 'TRUNCATE' then
    src := case tg_op
      when 'INSERT' then 'klub_new_rows'
      when 'DELETE' then 'klub_old_rows'
      else '(select * from klub_new_rows union all select * from klub_old_rows)' end;
    execute 'select count(*) from ' || src || ' s' into n;
    if n = 0 then
      return null;
    end if;
    foreach col in array tg_argv loop
      execute format('select string_agg(distinct %I::text, '','') from %s s', col, src) into keys;
      payload := payload || ' ' || col || ':' || coalesce(keys, '');
    end loop;
    -- NOTIFY payloads stop at 8000 bytes; so many rows are the whole table anyway.
    if length(payload) > 7900 then
      payload := tg_table_name;
    end if;
  end if;
  perform pg_notify('${CHANNEL}', payload);
  return null;
end $$;`;

const quote = (name: string) => `"${name}"`;

export class Migration20261207213000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(FUNCTION);
    for (const [table, columns] of Object.entries(KEYED)) {
      const args = columns.map((c) => `'${c}'`).join(', ');
      const t = quote(table);
      this.addSql(`create trigger klub_changes_insert after insert on ${t} referencing new table as klub_new_rows
        for each statement execute function klub_notify_table_change(${args});`);
      this.addSql(`create trigger klub_changes_update after update on ${t} referencing old table as klub_old_rows new table as klub_new_rows
        for each statement execute function klub_notify_table_change(${args});`);
      this.addSql(`create trigger klub_changes_delete after delete on ${t} referencing old table as klub_old_rows
        for each statement execute function klub_notify_table_change(${args});`);
      this.addSql(`create trigger klub_changes_truncate after truncate on ${t}
        for each statement execute function klub_notify_table_change();`);
      for (const op of ['insert', 'update', 'delete', 'truncate']) this.addSql(`alter table ${t} enable always trigger klub_changes_${op};`);
    }
    for (const table of WHOLE) {
      const t = quote(table);
      this.addSql(`create trigger klub_changes after insert or update or delete or truncate on ${t}
        for each statement execute function klub_notify_table_change();`);
      this.addSql(`alter table ${t} enable always trigger klub_changes;`);
    }
  }

  override async down(): Promise<void> {
    for (const table of Object.keys(KEYED)) {
      for (const op of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger klub_changes_${op} on ${quote(table)};`);
    }
    for (const table of WHOLE) this.addSql(`drop trigger klub_changes on ${quote(table)};`);
    this.addSql('drop function klub_notify_table_change();');
  }
}
