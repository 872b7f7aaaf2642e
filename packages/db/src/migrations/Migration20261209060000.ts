import { Migration } from '@mikro-orm/migrations';

/**
 * Automatic messages (issue 19 §3): the messages, their sends (unique per message, person and
 * occurrence: the exactly-once guarantee), a segment message's members at its last evaluation,
 * and the database triggers that raise the trigger messages in the transaction of the change
 * (a person joins a unit, a first payment is paired, a regular donation becomes late / current
 * again, an event registration is written): pending sends plus one outbox row for the worker.
 * Each trigger first checks that an enabled message of its kind exists, so it costs one index
 * probe otherwise. Consent is decided when the worker claims the send.
 */
export class Migration20261209060000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "automatic_message" ("id" serial primary key, "name" varchar(200) not null, "administrative_unit_id" int not null, "trigger" text check ("trigger" in ('registered', 'first_payment', 'regular_late', 'regular_current', 'event_registration')) null, "segment_id" int null, "repeat" text check ("repeat" in ('once', 'each')) not null default 'once', "service" boolean not null default false, "enabled" boolean not null default false, "subject_cs" varchar(300) not null default '', "body_cs" text not null default '', "subject_en" varchar(300) not null default '', "body_en" text not null default '', "last_evaluated_at" timestamptz null, "created_by_id" int null, "created" timestamptz not null default now(), "updated" timestamptz not null default now());`);

    this.addSql(`create table "automatic_message_send" ("id" serial primary key, "automatic_message_id" int not null, "profile_id" int not null, "occurrence" varchar(100) not null default '', "email" varchar(254) null, "status" text check ("status" in ('pending', 'sending', 'sent', 'failed', 'skipped')) not null default 'pending', "skip_reason" text check ("skip_reason" in ('no_consent', 'no_email', 'inactive')) null, "claimed_at" timestamptz null, "attempts" int not null default 0, "sent_at" timestamptz null, "error" text null, "created" timestamptz not null default now());`);
    this.addSql(`create index "automatic_message_send_status_index" on "automatic_message_send" ("status");`);
    this.addSql(`create index "automatic_message_send_profile_id_index" on "automatic_message_send" ("profile_id");`);
    this.addSql(`alter table "automatic_message_send" add constraint "automatic_message_send_message_profile_occurrence_unique" unique ("automatic_message_id", "profile_id", "occurrence");`);

    this.addSql(`create table "automatic_message_member" ("automatic_message_id" int not null, "profile_id" int not null, constraint "automatic_message_member_pkey" primary key ("automatic_message_id", "profile_id"));`);

    this.addSql(`alter table "automatic_message" add constraint "automatic_message_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "automatic_message" add constraint "automatic_message_segment_id_foreign" foreign key ("segment_id") references "segment" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "automatic_message" add constraint "automatic_message_created_by_id_foreign" foreign key ("created_by_id") references "profile" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "automatic_message_send" add constraint "automatic_message_send_automatic_message_id_foreign" foreign key ("automatic_message_id") references "automatic_message" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "automatic_message_send" add constraint "automatic_message_send_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "automatic_message_member" add constraint "automatic_message_member_automatic_message_id_foreign" foreign key ("automatic_message_id") references "automatic_message" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "automatic_message_member" add constraint "automatic_message_member_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "automatic_message" add constraint "automatic_message_trigger_or_segment" check (("trigger" is null) <> ("segment_id" is null));`);
    this.addSql(`create index "automatic_message_trigger_index" on "automatic_message" ("trigger") where "enabled";`);
    this.addSql(`create index "automatic_message_send_open_index" on "automatic_message_send" ("id") where "status" in ('pending', 'sending');`);

    // rows: [{profile_id, unit_id, occurrence}] of one trigger; once-only messages use ''.
    this.addSql(`create function klub_automatic_raise(p_trigger text, p_rows jsonb) returns void language plpgsql as $$
      declare n int;
      begin
        with t as (select distinct * from jsonb_to_recordset(p_rows) as r(profile_id int, unit_id int, occurrence text)),
        ins as (
          insert into automatic_message_send (automatic_message_id, profile_id, occurrence)
          select a.id, t.profile_id, case when a.repeat = 'once' then '' else left(t.occurrence, 100) end
            from automatic_message a join t on t.unit_id = a.administrative_unit_id
           where a.enabled and a.trigger = p_trigger
          on conflict do nothing
          returning 1)
        select count(*) into n from ins;
        if n > 0 then
          insert into outbox_message (job_name, payload) values ('mailing.automatic-send', '{}'::jsonb);
        end if;
      end $$;`);
    this.addSql(`create function klub_automatic_wanted(p_trigger text) returns boolean language sql stable as $$
      select exists (select 1 from automatic_message where enabled and trigger = p_trigger) $$;`);

    this.addSql(`create function klub_automatic_registered() returns trigger language plpgsql as $$
      begin
        if klub_automatic_wanted('registered') then
          perform klub_automatic_raise('registered', (select jsonb_agg(jsonb_build_object(
            'profile_id', n.profile_id, 'unit_id', n.administrative_unit_id, 'occurrence', '')) from klub_am_new n));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger klub_automatic_registered after insert on profile_administrative_units
      referencing new table as klub_am_new for each statement execute function klub_automatic_registered();`);

    // A payment newly paired to a channel, when the person has no other payment in the unit.
    this.addSql(`create function klub_automatic_first_payment_of(p_paired jsonb) returns void language plpgsql as $$
      begin
        perform klub_automatic_raise('first_payment', (
          with paired as (select * from jsonb_to_recordset(p_paired) as r(id int, channel int))
          select jsonb_agg(jsonb_build_object('profile_id', x.user_id, 'unit_id', x.unit, 'occurrence', 'payment:' || x.first))
            from (select d.user_id, d.administrative_unit_id as unit, min(pd.id) as first
                    from paired pd join donor_payment_channel d on d.id = pd.channel
                   where not exists (select 1 from donor_payment_channel c join payment x on x.user_donor_payment_channel_id = c.id
                                      where c.user_id = d.user_id and c.administrative_unit_id = d.administrative_unit_id
                                        and x.id not in (select id from paired))
                   group by 1, 2) x));
      end $$;`);
    this.addSql(`create function klub_automatic_first_payment() returns trigger language plpgsql as $$
      begin
        if not klub_automatic_wanted('first_payment') then return null; end if;
        if tg_op = 'INSERT' then
          perform klub_automatic_first_payment_of((select jsonb_agg(jsonb_build_object('id', n.id, 'channel', n.user_donor_payment_channel_id))
            from klub_am_new n where n.user_donor_payment_channel_id is not null));
        else
          perform klub_automatic_first_payment_of((select jsonb_agg(jsonb_build_object('id', n.id, 'channel', n.user_donor_payment_channel_id))
            from klub_am_new n join klub_am_old o on o.id = n.id
           where n.user_donor_payment_channel_id is not null and o.user_donor_payment_channel_id is distinct from n.user_donor_payment_channel_id));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger klub_automatic_first_payment_insert after insert on payment
      referencing new table as klub_am_new for each statement execute function klub_automatic_first_payment();`);
    this.addSql(`create trigger klub_automatic_first_payment_update after update on payment
      referencing old table as klub_am_old new table as klub_am_new for each statement execute function klub_automatic_first_payment();`);

    this.addSql(`create function klub_automatic_payment_status() returns trigger language plpgsql as $$
      declare s text;
      begin
        foreach s in array array['late', 'current'] loop
          if klub_automatic_wanted('regular_' || s) then
            perform klub_automatic_raise('regular_' || s, (select jsonb_agg(jsonb_build_object(
              'profile_id', d.user_id, 'unit_id', d.administrative_unit_id, 'occurrence', 'status:' || n.id))
              from klub_am_new n join donor_payment_channel d on d.id = n.donor_payment_channel_id where n.state = s));
          end if;
        end loop;
        return null;
      end $$;`);
    this.addSql(`create trigger klub_automatic_payment_status after insert on payment_status_change
      referencing new table as klub_am_new for each statement execute function klub_automatic_payment_status();`);

    this.addSql(`create function klub_automatic_event_registration() returns trigger language plpgsql as $$
      begin
        if klub_automatic_wanted('event_registration') then
          perform klub_automatic_raise('event_registration', (select jsonb_agg(jsonb_build_object(
            'profile_id', n.user_id, 'unit_id', n.administrative_unit_id, 'occurrence', 'interaction:' || n.id))
            from klub_am_new n join interaction_type t on t.id = n.type_id where t.slug = 'event_registration'));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger klub_automatic_event_registration after insert on interaction
      referencing new table as klub_am_new for each statement execute function klub_automatic_event_registration();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists klub_automatic_registered on profile_administrative_units;`);
    this.addSql(`drop trigger if exists klub_automatic_first_payment_insert on payment;`);
    this.addSql(`drop trigger if exists klub_automatic_first_payment_update on payment;`);
    this.addSql(`drop trigger if exists klub_automatic_payment_status on payment_status_change;`);
    this.addSql(`drop trigger if exists klub_automatic_event_registration on interaction;`);
    this.addSql(`drop function if exists klub_automatic_registered, klub_automatic_first_payment, klub_automatic_first_payment_of, klub_automatic_payment_status, klub_automatic_event_registration, klub_automatic_wanted, klub_automatic_raise;`);
    this.addSql(`alter table "automatic_message_send" drop constraint "automatic_message_send_automatic_message_id_foreign";`);

    this.addSql(`alter table "automatic_message_member" drop constraint "automatic_message_member_automatic_message_id_foreign";`);

    this.addSql(`drop table if exists "automatic_message" cascade;`);

    this.addSql(`drop table if exists "automatic_message_send" cascade;`);

    this.addSql(`drop table if exists "automatic_message_member" cascade;`);
  }

}
