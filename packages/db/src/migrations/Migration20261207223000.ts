import { Migration } from '@mikro-orm/migrations';

/**
 * A changed password ends the person's browser sessions (issue 15 §4), as Django's session auth
 * hash does: whoever signed in with the old password is out on the very next request. A trigger
 * and not the API's code, so every way of changing it counts: the reset link, the admin API, a
 * legacy hash upgraded at login (no session of ours predates it), plain SQL.
 */
export class Migration20261207223000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function profile_password_changed() returns trigger language plpgsql as $$
begin
  delete from session where user_id = new.id;
  return null;
end $$;`);
    this.addSql(`create trigger profile_password_changed after update of password on profile
  for each row when (old.password is distinct from new.password) execute function profile_password_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists profile_password_changed on profile;');
    this.addSql('drop function if exists profile_password_changed();');
  }
}
