import { Migration } from '@mikro-orm/migrations';

export class Migration20261127121422 extends Migration {
  override async up(): Promise<void> {
    // Hand-written: the entity diff knows nothing of extensions and functions. They come first
    // because the trigram index on profile and the ordering index on event call klub_fold().
    this.addSql(`create extension if not exists pg_trgm with schema public;`);
    this.addSql(`create extension if not exists unaccent with schema public;`);
    // IMMUTABLE so that it may appear in an index; the dictionary is named explicitly because
    // one-argument unaccent() depends on search_path and is only STABLE.
    this.addSql(
      `create or replace function public.klub_fold(text) returns text language sql immutable parallel safe strict return lower(public.unaccent('public.unaccent'::regdictionary, $1));`,
    );

    this.addSql(`create table "company_type" ("id" serial primary key, "type" varchar(255) not null);`);

    this.addSql(
      `create table "interaction_category" ("id" serial primary key, "category" varchar(130) not null, "display" boolean not null default true, "slug" varchar(130) null);`,
    );
    this.addSql(
      `alter table "interaction_category" add constraint "interaction_category_slug_unique" unique ("slug");`,
    );

    this.addSql(
      `create table "interaction_result" ("id" serial primary key, "name" varchar(200) not null, "sort" varchar(30) not null default 'individual');`,
    );

    this.addSql(`create table "interaction_status" ("id" serial primary key, "status" varchar(180) not null);`);

    this.addSql(
      `create table "interaction_type" ("id" serial primary key, "name" varchar(130) not null, "category_id" int not null, "slug" varchar(100) null, "send_email" boolean null default false, "send_sms" boolean null default false, "visible_fields" text[] not null default '{}');`,
    );
    this.addSql(`alter table "interaction_type" add constraint "interaction_type_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "location" ("id" serial primary key, "name" varchar(100) not null, "place" varchar(100) not null default '', "region" varchar(100) not null default '', "gps_latitude" double precision null, "gps_longitude" double precision null, "specific_name" varchar(255) null);`,
    );

    this.addSql(
      `create table "organization_position" ("id" serial primary key, "name" varchar(300) not null, "description" text not null default '');`,
    );

    this.addSql(
      `create table "outbox_message" ("id" bigserial primary key, "job_name" varchar(255) not null, "payload" jsonb not null, "created_at" timestamptz not null default now(), "available_at" timestamptz not null default now(), "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(
      `create index "outbox_message_unpublished_index" on "outbox_message" ("id") where published_at is null;`,
    );

    this.addSql(
      `create table "profile" ("id" serial primary key, "kind" text check ("kind" in ('user', 'company')) not null, "password" varchar(128) null, "last_login" timestamptz null, "is_superuser" boolean not null default false, "username" varchar(150) null, "email" varchar(254) null, "is_staff" boolean not null default false, "is_active" boolean not null default true, "date_joined" timestamptz not null default now(), "addressment" varchar(40) not null default '', "addressment_on_envelope" varchar(40) not null default '', "language" text check ("language" in ('cs', 'en')) not null default 'cs', "street" varchar(128) not null default '', "city" varchar(40) not null default '', "country" varchar(40) not null default 'Česká republika', "zip_code" varchar(30) not null default '', "different_correspondence_address" boolean not null default false, "correspondence_street" varchar(128) not null default '', "correspondence_city" varchar(40) not null default '', "correspondence_country" varchar(40) not null default 'Česká republika', "correspondence_zip_code" varchar(30) not null default '', "other_support" text not null default '', "profile_text" text null, "profile_picture" varchar(100) null, "club_card_available" boolean not null default false, "club_card_dispatched" boolean not null default false, "other_benefits" text not null default '', "note" text not null default '', "created" timestamptz null, "updated" timestamptz null, "title_before" varchar(15) null, "title_after" varchar(15) null, "first_name" varchar(128) not null default '', "last_name" varchar(128) not null default '', "age_group" int null, "birth_month" int null, "birth_day" int null, "sex" text check ("sex" in ('male', 'female', 'unknown')) not null default 'unknown', "nickname" varchar(126) not null default '', "maiden_name" varchar(126) not null default '', "name" varchar(180) null, "type_id" int null, "crn" varchar(254) null, "tin" varchar(254) null, constraint profile_company_columns_check check (kind = 'company' or (name is null and type_id is null and crn is null and tin is null)), constraint profile_age_group_check check (age_group >= 0), constraint profile_birth_month_check check (birth_month >= 1 and birth_month <= 12), constraint profile_birth_day_check check (birth_day >= 1 and birth_day <= 31));`,
    );
    this.addSql(`alter table "profile" add constraint "profile_username_unique" unique ("username");`);
    this.addSql(`create index "profile_email_index" on "profile" ("email");`);
    this.addSql(`create index "profile_crn_index" on "profile" ("crn");`);
    this.addSql(
      `create index "profile_search_trgm_index" on "profile" using gin (public.klub_fold(first_name || ' ' || last_name || ' ' || coalesce(nickname, '') || ' ' || coalesce(username, '') || ' ' || coalesce(email, '')) public.gin_trgm_ops);`,
    );

    this.addSql(
      `create table "oauth_application" ("id" serial primary key, "client_id" varchar(100) not null, "client_secret_hash" varchar(255) not null, "name" varchar(255) not null default '', "client_type" text check ("client_type" in ('confidential', 'public')) not null default 'confidential', "authorization_grant_type" text check ("authorization_grant_type" in ('client-credentials', 'password', 'authorization-code', 'implicit')) not null default 'client-credentials', "redirect_uris" text not null default '', "skip_authorization" boolean not null default false, "user_id" int null, "default_scopes" text not null default 'read write', "created" timestamptz not null default now(), "updated" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "oauth_application" add constraint "oauth_application_client_id_unique" unique ("client_id");`,
    );

    this.addSql(
      `create table "oauth_access_token" ("id" serial primary key, "token_hash" varchar(255) not null, "application_id" int not null, "user_id" int null, "expires" timestamptz not null, "scope" text not null, "created" timestamptz not null default now(), "updated" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "oauth_access_token" add constraint "oauth_access_token_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "oauth_refresh_token" ("id" serial primary key, "token_hash" varchar(255) not null, "application_id" int not null, "user_id" int not null, "access_token_id" int null, "revoked" timestamptz null, "created" timestamptz not null default now(), "updated" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "oauth_refresh_token" add constraint "oauth_refresh_token_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(
      `alter table "oauth_refresh_token" add constraint "oauth_refresh_token_access_token_id_unique" unique ("access_token_id");`,
    );

    this.addSql(
      `create table "administrative_unit" ("id" serial primary key, "name" varchar(255) not null, "street" varchar(128) not null default '', "city" varchar(40) not null default '', "zip_code" varchar(30) not null default '', "gps_latitude" double precision null, "gps_longitude" double precision null, "web_url" varchar(200) null, "ico" varchar(254) null, "level" text check ("level" in ('regional_center', 'basic_section', 'headquarter', 'club')) not null default 'club', "from_email_address" varchar(254) not null default 'example@nothing_will_sent.ex', "from_email_str" varchar(255) not null default 'Example <example@nothing_will_sent.ex>', "telephone" varchar(100) not null default '', "color" varchar(18) not null default '#000000', "slug" varchar(100) null, "president_id" int null, "president_since" date null, "vice_president_id" int null, "vice_president_since" date null, "manager_id" int null, "manager_since" date null);`,
    );
    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "preference" ("id" serial primary key, "user_id" int not null, "administrative_unit_id" int not null, "newsletter_on" boolean null default false, "call_on" boolean null default false, "challenge_on" boolean null default false, "letter_on" boolean null default false, "send_mailing_lists" boolean null default true, "public" boolean null default true);`,
    );
    this.addSql(
      `alter table "preference" add constraint "preference_user_id_administrative_unit_id_unique" unique ("user_id", "administrative_unit_id");`,
    );

    this.addSql(
      `create table "pdf_storage" ("id" serial primary key, "name" varchar(200) not null, "topic" varchar(200) not null, "author_id" int null, "created" timestamptz null, "related_ids" int[] not null default '{}', "pdf_file" varchar(100) not null, "administrative_unit_id" int not null);`,
    );

    this.addSql(
      `create table "event_type" ("id" serial primary key, "name" varchar(100) not null, "slug" varchar(100) not null, "description" text not null default '', "administrative_unit_id" int not null);`,
    );
    this.addSql(`alter table "event_type" add constraint "event_type_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "event" ("id" serial primary key, "name" varchar(100) not null, "slug" varchar(100) null, "registration_method" text check ("registration_method" in ('standard', 'other_electronic', 'by_email', 'not_required', 'full')) not null default 'standard', "additional_question_1" varchar(300) not null default '', "additional_question_2" varchar(300) not null default '', "additional_question_3" varchar(300) not null default '', "additional_question_4" varchar(300) not null default '', "main_photo" varchar(100) null, "additional_photo_1" varchar(100) null, "additional_photo_2" varchar(100) null, "additional_photo_3" varchar(100) null, "additional_photo_4" varchar(100) null, "additional_photo_5" varchar(100) null, "additional_photo_6" varchar(100) null, "invitation_text_short" text not null default '', "invitation_text_1" text not null default '', "invitation_text_2" text not null default '', "invitation_text_3" text not null default '', "invitation_text_4" text not null default '', "number_of_actions" int not null default 1, "location_id" int null, "event_type_id" int null, "basic_purpose" text check ("basic_purpose" in ('action', 'action-with-attendee-list', 'petition', 'camp', 'opportunity', 'campaign', 'zmj_location')) not null default 'action', "opportunity" text check ("opportunity" in ('', 'organizing_events', 'cooperation', 'help_the_locality')) not null default '', "program" varchar(128) not null default '', "is_internal" boolean not null default false, "age_from" int null, "age_to" int null, "intended_for" text check ("intended_for" in ('everyone', 'adolescents_and_adults', 'children', 'parents_and_children', 'newcomers')) not null default 'everyone', "participation_fee" varchar(128) not null default '', "responsible_person" varchar(128) not null default '', "meeting" varchar(128) not null default '', "grant" varchar(128) not null default 'no_grant', "focus_on_members" boolean not null default false, "public_on_web" boolean not null default false, "public_on_web_date_from" date null, "public_on_web_date_to" date null, "entry_form_url" varchar(200) null, "web_url" varchar(200) null, "vip_action" boolean not null default false, "promoted_in_magazine" boolean not null default false, "hours_worked" int null, "working_hours" int null, "variable_symbol_prefix" int null, "description" text not null default '', "note" text not null default '', "real_yield" double precision null, "enable_signing_petitions" boolean not null default false, "enable_registration" boolean not null default false, "allow_statistics" boolean not null default false, "email_confirmation_redirect" varchar(200) null, "datetime_from" timestamptz null, "datetime_to" timestamptz null, "start_date" timestamptz null, "accommodation" varchar(256) not null default '', "diet" text[] not null default '{}', "looking_forward_to_you" varchar(512) not null default '', "total_working_days" int null, "total_participants" int null, "total_participants_under_26" int null, "contact_person_name" varchar(128) not null default '', "contact_person_telephone" varchar(100) not null default '', "contact_person_email" varchar(254) not null default '', "comment_on_work_done" text null default '', "other_work" text null default '', "url_title" varchar(255) null, "url_title1" varchar(255) null, "url_title2" varchar(255) null, "url" varchar(200) null, "url1" varchar(200) null, "url2" varchar(200) null, "print_point_1" text null, "print_point_2" text null, "print_point_3" text null, "print_point_4" text null, "print_point_5" text null, "print_point_6" text null, constraint event_diet_check check (diet <@ array['vegetarian', 'meat', 'vegan', 'kosher', 'halal', 'gluten_free']::text[]), constraint event_variable_symbol_prefix_check check (variable_symbol_prefix >= 10000 and variable_symbol_prefix <= 99999), constraint event_number_of_actions_check check (number_of_actions >= 0), constraint event_age_from_check check (age_from >= 0), constraint event_age_to_check check (age_to >= 0));`,
    );
    this.addSql(`alter table "event" add constraint "event_slug_unique" unique ("slug");`);
    this.addSql(`create index "event_name_fold_index" on "event" (public.klub_fold(name), id);`);

    this.addSql(
      `create table "organization_team" ("id" serial primary key, "profile_id" int not null, "event_id" int not null, "position_id" int not null);`,
    );
    this.addSql(
      `create index "organization_team_profile_id_event_id_index" on "organization_team" ("profile_id", "event_id");`,
    );
    this.addSql(
      `alter table "organization_team" add constraint "organization_team_event_id_profile_id_position_id_unique" unique ("event_id", "profile_id", "position_id");`,
    );

    this.addSql(
      `create table "money_account" ("id" serial primary key, "kind" text check ("kind" in ('bank', 'api')) not null, "note" text null, "administrative_unit_id" int not null, "slug" varchar(100) null, "bank_account" varchar(50) null, "bank_account_number" varchar(50) null, "project_name" varchar(100) null, "project_id" int null, "api_id" int null, "api_secret" varchar(100) null, "api_organization_id" int null, "event_id" int null, "is_active" boolean not null default true, constraint money_account_bank_columns_check check (kind <> 'bank' or bank_account_number is not null), constraint money_account_api_columns_check check (kind <> 'api' or (project_name is not null and event_id is not null)));`,
    );
    this.addSql(`alter table "money_account" add constraint "money_account_slug_unique" unique ("slug");`);
    this.addSql(
      `alter table "money_account" add constraint "money_account_project_name_unique" unique ("project_name");`,
    );

    this.addSql(
      `create table "interaction" ("id" serial primary key, "user_id" int not null, "event_id" int null, "administrative_unit_id" int not null, "created" timestamptz null, "updated" timestamptz null, "type_id" int not null, "subject" varchar(130) not null, "date_from" timestamptz not null, "date_to" timestamptz null, "settlement" text check ("settlement" in ('a', 'm')) null, "note" text null, "attachment" varchar(100) null, "summary" text not null default '', "status_id" int null, "result_id" int null, "rating" text check ("rating" in ('1', '2', '3', '4', '5')) null, "next_step" text not null default '', "next_communication_date" timestamptz null, "created_by_id" int null, "handled_by_id" int null, "communication_type" text check ("communication_type" in ('mass', 'auto', 'individual')) not null default 'individual', "dispatched" boolean null default false, "skills" text not null default '', "program_of_interest" text[] not null default '{}');`,
    );
    this.addSql(`create index "interaction_user_id_index" on "interaction" ("user_id");`);
    this.addSql(`create index "interaction_administrative_unit_id_index" on "interaction" ("administrative_unit_id");`);
    this.addSql(`create index "interaction_type_id_index" on "interaction" ("type_id");`);
    this.addSql(`create index "interaction_event_id_type_id_index" on "interaction" ("event_id", "type_id");`);

    this.addSql(
      `create table "event_administrative_units" ("event_id" int not null, "administrative_unit_id" int not null, constraint "event_administrative_units_pkey" primary key ("event_id", "administrative_unit_id"));`,
    );

    this.addSql(
      `create table "company_contact" ("id" serial primary key, "contact_first_name" varchar(256) not null default '', "contact_last_name" varchar(256) not null default '', "email" varchar(254) null, "telephone" varchar(100) not null default '', "is_primary" boolean null, "note" varchar(70) not null default '', "company_id" int null, "administrative_unit_id" int not null, constraint company_contact_is_primary_check check (is_primary is null or is_primary));`,
    );
    this.addSql(`create index "company_contact_email_index" on "company_contact" ("email");`);
    this.addSql(
      `create unique index "company_contact_company_unit_primary_unique" on "company_contact" ("company_id", "administrative_unit_id") where is_primary;`,
    );

    this.addSql(
      `create table "account_statement" ("id" serial primary key, "type" text check ("type" in ('account', 'account_cs', 'account_kb', 'account_csob', 'account_sberbank', 'account_raiffeisenbank', 'darujme')) not null, "import_date" timestamptz not null default now(), "csv_file" varchar(100) not null default '', "date_from" date null, "date_to" date null, "pair_log" text not null default '', "administrative_unit_id" int null, "status" text check ("status" in ('queued', 'running', 'done', 'failed')) not null default 'queued', "progress" int not null default 0, "payments_total" int not null default 0, "payments_paired" int not null default 0, "errors" jsonb not null default '[]', constraint account_statement_progress_check check (progress >= 0 and progress <= 100));`,
    );

    this.addSql(
      `create table "profile_administrated_units" ("profile_id" int not null, "administrative_unit_id" int not null, constraint "profile_administrated_units_pkey" primary key ("profile_id", "administrative_unit_id"));`,
    );

    this.addSql(
      `create table "profile_administrative_units" ("profile_id" int not null, "administrative_unit_id" int not null, constraint "profile_administrative_units_pkey" primary key ("profile_id", "administrative_unit_id"));`,
    );

    this.addSql(
      `create table "profile_email" ("id" serial primary key, "email" varchar(254) not null, "is_primary" boolean null, "note" varchar(70) null, "user_id" int null, constraint profile_email_is_primary_check check (is_primary is null or is_primary));`,
    );
    this.addSql(`create index "profile_email_email_index" on "profile_email" ("email");`);
    this.addSql(`create index "profile_email_user_id_index" on "profile_email" ("user_id");`);
    this.addSql(`create unique index "profile_email_email_lower_unique" on "profile_email" (lower(email));`);
    this.addSql(
      `create unique index "profile_email_user_id_primary_unique" on "profile_email" ("user_id") where is_primary;`,
    );

    this.addSql(
      `create table "profile_role" ("id" serial primary key, "profile_id" int not null, "role" text check ("role" in ('event_organizer', 'edit_all_units')) not null);`,
    );
    this.addSql(
      `alter table "profile_role" add constraint "profile_role_profile_id_role_unique" unique ("profile_id", "role");`,
    );

    this.addSql(
      `create table "sent_email" ("id" bigserial primary key, "outbox_message_id" bigint not null, "to" text not null, "subject" text not null, "status" text check ("status" in ('sending', 'sent')) not null default 'sending', "created_at" timestamptz not null default now(), "sent_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "sent_email" add constraint "sent_email_outbox_message_id_unique" unique ("outbox_message_id");`,
    );

    this.addSql(
      `create table "session" ("id" varchar(255) not null, "user_id" int not null, "expires_at" timestamptz not null, "csrf_token" varchar(255) not null, constraint "session_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(
      `create table "telephone" ("id" serial primary key, "telephone" varchar(100) not null default '', "is_primary" boolean null, "note" varchar(70) not null default '', "user_id" int not null, constraint telephone_is_primary_check check (is_primary is null or is_primary));`,
    );
    this.addSql(
      `alter table "telephone" add constraint "telephone_user_id_telephone_unique" unique ("user_id", "telephone");`,
    );
    this.addSql(`create unique index "telephone_user_id_primary_unique" on "telephone" ("user_id") where is_primary;`);

    this.addSql(
      `create table "user_bank_account" ("id" serial primary key, "bank_account" varchar(50) null, "bank_account_number" varchar(50) not null, "note" text null);`,
    );
    this.addSql(
      `create index "user_bank_account_bank_account_number_index" on "user_bank_account" ("bank_account_number");`,
    );

    this.addSql(
      `create table "donor_payment_channel" ("id" serial primary key, "vs" varchar(30) not null default '', "ss" varchar(30) null, "user_id" int not null, "registered_support" timestamptz not null default now(), "regular_frequency" text check ("regular_frequency" in ('monthly', 'quaterly', 'biannually', 'annually')) null, "expected_date_of_first_payment" date null, "regular_amount" int null, "exceptional_membership" boolean not null default false, "regular_payments" text check ("regular_payments" in ('regular', 'onetime', 'promise')) not null default 'regular', "old_account" boolean not null default false, "other_support" text not null default '', "money_account_id" int not null, "administrative_unit_id" int not null, "user_bank_account_id" int null, "event_id" int not null, "end_of_regular_payments" date null, "number_of_payments" int null, "last_payment_id" int null, "expected_regular_payment_date" date null, "payment_total" double precision null, "extra_money" int null, "no_upgrade" boolean null, "is_late" boolean null, constraint donor_payment_channel_regular_amount_check check (regular_amount >= 0));`,
    );
    this.addSql(`create index "donor_payment_channel_event_id_index" on "donor_payment_channel" ("event_id");`);
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_vs_money_account_id_unique" unique ("vs", "money_account_id");`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_administrative_unit_id_vs_unique" unique ("administrative_unit_id", "vs");`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_user_id_event_id_unique" unique ("user_id", "event_id");`,
    );

    this.addSql(
      `create table "payment" ("id" serial primary key, "our_note" varchar(100) not null default '', "recipient_account_id" int null, "date" date not null, "amount" int not null, "account" varchar(100) not null default '', "bank_code" varchar(30) not null default '', "vs" varchar(30) null, "vs2" varchar(30) null, "ss" varchar(30) not null default '', "ks" varchar(30) not null default '', "bic" varchar(30) null, "user_identification" varchar(50) not null default '', "type" text check ("type" in ('', 'bank-transfer', 'cash', 'expected', 'creadit_card', 'material_gift', 'darujme')) not null default '', "done_by" varchar(500) not null default '', "account_name" varchar(200) not null default '', "bank_name" varchar(500) not null default '', "transfer_note" varchar(200) null, "currency" varchar(200) null, "recipient_message" varchar(200) null, "operation_id" varchar(200) null, "transfer_type" varchar(200) null, "specification" varchar(200) null, "order_id" varchar(200) null, "user_donor_payment_channel_id" int null, "account_statement_id" int null, "created" timestamptz null, "updated" timestamptz null, "custom_fields" jsonb not null default '{}', "line_key" varchar(64) null, constraint payment_amount_check check (amount >= 0));`,
    );
    this.addSql(`create index "payment_account_statement_id_index" on "payment" ("account_statement_id");`);
    this.addSql(`alter table "payment" add constraint "payment_line_key_unique" unique ("line_key");`);
    this.addSql(
      `create index "payment_user_donor_payment_channel_id_date_index" on "payment" ("user_donor_payment_channel_id", "date");`,
    );
    this.addSql(`create index "payment_type_ss_operation_id_index" on "payment" ("type", "ss", "operation_id");`);
    this.addSql(`create index "payment_date_index" on "payment" ("date");`);

    this.addSql(
      `alter table "interaction_type" add constraint "interaction_type_category_id_foreign" foreign key ("category_id") references "interaction_category" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "profile" add constraint "profile_type_id_foreign" foreign key ("type_id") references "company_type" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "oauth_application" add constraint "oauth_application_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "oauth_access_token" add constraint "oauth_access_token_application_id_foreign" foreign key ("application_id") references "oauth_application" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "oauth_access_token" add constraint "oauth_access_token_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "oauth_refresh_token" add constraint "oauth_refresh_token_application_id_foreign" foreign key ("application_id") references "oauth_application" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "oauth_refresh_token" add constraint "oauth_refresh_token_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "oauth_refresh_token" add constraint "oauth_refresh_token_access_token_id_foreign" foreign key ("access_token_id") references "oauth_access_token" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "administrative_unit" add constraint "administrative_unit_president_id_foreign" foreign key ("president_id") references "profile" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "administrative_unit" add constraint "administrative_unit_vice_president_id_foreign" foreign key ("vice_president_id") references "profile" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "administrative_unit" add constraint "administrative_unit_manager_id_foreign" foreign key ("manager_id") references "profile" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "preference" add constraint "preference_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "preference" add constraint "preference_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "pdf_storage" add constraint "pdf_storage_author_id_foreign" foreign key ("author_id") references "profile" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "pdf_storage" add constraint "pdf_storage_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "event_type" add constraint "event_type_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "event" add constraint "event_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "event" add constraint "event_event_type_id_foreign" foreign key ("event_type_id") references "event_type" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "organization_team" add constraint "organization_team_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "organization_team" add constraint "organization_team_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "organization_team" add constraint "organization_team_position_id_foreign" foreign key ("position_id") references "organization_position" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "money_account" add constraint "money_account_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "money_account" add constraint "money_account_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "interaction" add constraint "interaction_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_type_id_foreign" foreign key ("type_id") references "interaction_type" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_status_id_foreign" foreign key ("status_id") references "interaction_status" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_result_id_foreign" foreign key ("result_id") references "interaction_result" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_created_by_id_foreign" foreign key ("created_by_id") references "profile" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "interaction" add constraint "interaction_handled_by_id_foreign" foreign key ("handled_by_id") references "profile" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "event_administrative_units" add constraint "event_administrative_units_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "event_administrative_units" add constraint "event_administrative_units_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "company_contact" add constraint "company_contact_company_id_foreign" foreign key ("company_id") references "profile" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "company_contact" add constraint "company_contact_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "account_statement" add constraint "account_statement_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`,
    );

    this.addSql(
      `alter table "profile_administrated_units" add constraint "profile_administrated_units_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "profile_administrated_units" add constraint "profile_administrated_units_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "profile_administrative_units" add constraint "profile_administrative_units_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "profile_administrative_units" add constraint "profile_administrative_units_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "profile_email" add constraint "profile_email_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "profile_role" add constraint "profile_role_profile_id_foreign" foreign key ("profile_id") references "profile" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "telephone" add constraint "telephone_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_user_id_foreign" foreign key ("user_id") references "profile" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_money_account_id_foreign" foreign key ("money_account_id") references "money_account" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_administrative_unit_id_foreign" foreign key ("administrative_unit_id") references "administrative_unit" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_user_bank_account_id_foreign" foreign key ("user_bank_account_id") references "user_bank_account" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "donor_payment_channel" add constraint "donor_payment_channel_last_payment_id_foreign" foreign key ("last_payment_id") references "payment" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "payment" add constraint "payment_recipient_account_id_foreign" foreign key ("recipient_account_id") references "money_account" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_user_donor_payment_channel_id_foreign" foreign key ("user_donor_payment_channel_id") references "donor_payment_channel" ("id") on update cascade on delete no action;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_account_statement_id_foreign" foreign key ("account_statement_id") references "account_statement" ("id") on update cascade on delete cascade;`,
    );

    // Hand-written: donor_payment_channel.administrative_unit_id mirrors the money account's unit so
    // that UNIQUE(administrative_unit_id, vs) enforces the per-unit VS rule; these triggers keep the
    // copy right whatever the writer sets, and when a money account moves to another unit.
    this.addSql(`create or replace function public.klub_dpch_set_unit() returns trigger language plpgsql as $$
begin
  select ma.administrative_unit_id into new.administrative_unit_id from public.money_account ma where ma.id = new.money_account_id;
  return new;
end
$$;`);
    this.addSql(
      `create trigger "donor_payment_channel_set_unit" before insert or update of "money_account_id", "administrative_unit_id" on "donor_payment_channel" for each row execute function public.klub_dpch_set_unit();`,
    );
    this
      .addSql(`create or replace function public.klub_money_account_move_channels() returns trigger language plpgsql as $$
begin
  update public.donor_payment_channel set administrative_unit_id = new.administrative_unit_id where money_account_id = new.id;
  return null;
end
$$;`);
    this.addSql(
      `create trigger "money_account_move_channels" after update of "administrative_unit_id" on "money_account" for each row when (old.administrative_unit_id is distinct from new.administrative_unit_id) execute function public.klub_money_account_move_channels();`,
    );
  }
}
