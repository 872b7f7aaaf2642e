/**
 * The public event reads (api.md §4.2, §5.1, §5.2) as JSON text built by PostgreSQL in one
 * statement, for the API's hot read path (apps/api/src/reads/): the text goes to the socket as
 * PostgreSQL wrote it, with no row objects, no serializer and no JSON.stringify in between.
 *
 * The text must be byte for byte what the procedures answer (EVENT_SELECT → serializers/event.ts
 * → JSON.stringify); `apps/api/test/reads/fast-reads.test.ts` compares the two on every field.
 * So the JSON is built with `row_to_json` / `array_to_json` / `string_agg` (compact, keys in the
 * order of the subselect), never `json_build_object` or `json_agg` (which add spaces and line
 * breaks), and every value is written as JavaScript would write it:
 *
 * - instants as `formatDateTime` does (Prague wall clock, milliseconds only when non-zero,
 *   written `.mmm000`, the offset); Prague's offset is a whole number of hours since 1900, so
 *   before 1900 (and from year 9999) the value is marked {@link EXOTIC} instead;
 * - `double precision` as JavaScript's shortest form: PostgreSQL writes the same digits, but
 *   switches to an exponent at other magnitudes, so values outside 1e-4 ≤ |x| < 1e15 are marked;
 *   zero (and -0) is `0`;
 * - stored file paths as `fileUrlFor`: the request's upload base + the path with every segment
 *   `encodeURIComponent`-ed.
 *
 * A statement whose text holds the {@link EXOTIC} marker must not be sent: the caller answers the
 * request the ordinary way instead.
 */

/** Written in place of a value this SQL cannot render as JavaScript would (see above). */
export const EXOTIC = '\\u0000exotic';
const EXOTIC_JSON = `'"${EXOTIC}"'::json`;

/** An instant (timestamptz expression) as `formatDateTimeOrNull` writes it, as json. */
export function instantJsonSql(x: string): string {
  const ms = `((extract(microseconds from ${x})::bigint / 1000) % 1000)`;
  const off = `(extract(epoch from (${x} at time zone 'Europe/Prague') - (${x} at time zone 'UTC'))::int / 60)`;
  return `case when ${x} is null then null
    when ${x} < '1900-01-01T00:00:00Z' or ${x} >= '9999-01-01T00:00:00Z' then ${EXOTIC_JSON}
    else to_json(to_char(${x} at time zone 'Europe/Prague', 'YYYY-MM-DD"T"HH24:MI:SS')
      || case when ${ms} <> 0 then '.' || lpad(${ms}::text, 3, '0') || '000' else '' end
      || case when ${off} >= 0 then '+' else '-' end
      || lpad((abs(${off}) / 60)::text, 2, '0') || ':' || lpad((abs(${off}) % 60)::text, 2, '0')) end`;
}

/** A `double precision` expression as JSON.stringify writes the JavaScript number, as json. */
export function floatJsonSql(x: string): string {
  return `case when ${x} is null then null when ${x} = 0 then '0'::json
    when abs(${x}) >= 1e-4 and abs(${x}) < 1e15 then to_json(${x}) else ${EXOTIC_JSON} end`;
}

/**
 * A stored file path as `fileUrlFor(req)(path)` writes it, as json: `base` is the SQL parameter
 * holding `<protocol>://<host>/upload/`; each character but `/` that `encodeURIComponent` escapes
 * becomes its UTF-8 bytes in upper-case `%XX`.
 */
export function fileUrlJsonSql(x: string, base: string): string {
  return `case when ${x} is null or ${x} = '' then null else to_json(${base} || (
      select string_agg(case when c ~ '^[A-Za-z0-9_.!~*''()/-]$' then c
                             else upper(regexp_replace(encode(convert_to(c, 'UTF8'), 'hex'), '(..)', '%\\1', 'g')) end,
                        '' order by n)
        from regexp_split_to_table(${x}, '') with ordinality as s(c, n))) end`;
}

const PHOTOS = ['main_photo', ...[1, 2, 3, 4, 5, 6].map((n) => `additional_photo_${n}`)];

/**
 * One event (alias `e`) as the json of api.md §4.2, keys in `toEvent`'s order. `base` is the
 * parameter holding the upload URL base.
 */
export function eventJsonSql(base: string): string {
  const col = (c: string) => `e.${c}`;
  const fields: Array<[string, string]> = [
    ['id', col('id')],
    ['name', col('name')],
    ['datetime_from', instantJsonSql('e.datetime_from')],
    ['datetime_to', instantJsonSql('e.datetime_to')],
    ['program', col('program')],
    ['intended_for', col('intended_for')],
    ['basic_purpose', col('basic_purpose')],
    ['opportunity', col('opportunity')],
    [
      'location',
      `(select row_to_json(l) from (select l.id, l.name, l.place, l.region,
          ${floatJsonSql('l.gps_latitude')} as gps_latitude, ${floatJsonSql('l.gps_longitude')} as gps_longitude
          from location l where l.id = e.location_id) l)`,
    ],
    ['age_from', col('age_from')],
    ['age_to', col('age_to')],
    ['start_date', instantJsonSql('e.start_date')],
    ['event_type', `(select row_to_json(t) from (select t.name, t.slug from event_type t where t.id = e.event_type_id) t)`],
    ['event_type_id', col('event_type_id')],
    ['responsible_person', col('responsible_person')],
    ['participation_fee', col('participation_fee')],
    ['entry_form_url', col('entry_form_url')],
    ['web_url', col('web_url')],
    ['invitation_text_short', col('invitation_text_short')],
    ['working_hours', col('working_hours')],
    ['accommodation', col('accommodation')],
    ['diet', `array_to_json(e.diet)`],
    ['looking_forward_to_you', col('looking_forward_to_you')],
    ['registration_method', col('registration_method')],
    [
      'administrative_units',
      `coalesce((select array_to_json(array_agg(x.administrative_unit_id order by x.administrative_unit_id))
         from event_administrative_units x where x.event_id = e.id), '[]'::json)`,
    ],
    ['administrative_unit_name', `coalesce(fu.name, '')`],
    ['administrative_unit_web_url', `case when fu.id is null then '' else fu.web_url end`],
    ...[1, 2, 3, 4].map((n): [string, string] => [`invitation_text_${n}`, col(`invitation_text_${n}`)]),
    ...PHOTOS.map((p): [string, string] => [p, fileUrlJsonSql(`e.${p}`, base)]),
    ...[1, 2, 3, 4].map((n): [string, string] => [`additional_question_${n}`, col(`additional_question_${n}`)]),
    ['contact_person_name', col('contact_person_name')],
    ['contact_person_email', col('contact_person_email')],
    ['contact_person_telephone', col('contact_person_telephone')],
    ['public_on_web_date_from', `e.public_on_web_date_from::text`],
    ['public_on_web_date_to', `e.public_on_web_date_to::text`],
    ['public_on_web', col('public_on_web')],
  ];
  return `(select row_to_json(r) from (select ${fields.map(([k, v]) => `${v} as "${k}"`).join(',\n ')}) r)`;
}

/** The first unit of event `e` (by unit id), as `fu`: join it with `left join lateral`. */
const FIRST_UNIT = `(select u.id, u.name, u.web_url from event_administrative_units x
    join administrative_unit u on u.id = x.administrative_unit_id where x.event_id = e.id order by u.id limit 1) fu on true`;

/**
 * A page of the public event list in the default order (api.md §5.1 without filters or
 * `ordering`): `$1` limit, `$2` offset, `$3` upload base. One row: the count of public events and
 * the page's JSON array.
 */
export const PUBLIC_EVENT_PAGE_JSON_SQL = `select
  (select count(*) from event e where e.public_on_web)::int as count,
  (select '[' || coalesce(string_agg(j, ',' order by ord), '') || ']' from (
     select ${eventJsonSql('$3::text')}::text as j, p.ord
       from (select e.id, row_number() over (order by public.klub_fold(e.name), e.id) as ord
               from event e where e.public_on_web
              order by public.klub_fold(e.name), e.id limit $1 offset $2) p
       join event e on e.id = p.id
       left join lateral ${FIRST_UNIT}) page) as results`;

/**
 * One public event with its statistics (api.md §5.2): `$1` event id, `$2` upload base, `$3`
 * interaction type id (null counts 0). One row (none when the event is missing or not public):
 * the event's JSON text with `eventStatistics`' three keys after the event's own.
 */
export const PUBLIC_EVENT_DETAIL_JSON_SQL = `select left(${eventJsonSql('$2::text')}::text, -1)
    || ',"users_paid":' || (select count(distinct c.user_id) from donor_payment_channel c where c.event_id = e.id)
    || ',"total_amount":' || case when exists (select 1 from donor_payment_channel c where c.event_id = e.id)
         then coalesce((select sum(p.amount) from payment p join donor_payment_channel c on c.id = p.user_donor_payment_channel_id
                         where c.event_id = e.id), 0)::text
         else 'null' end
    || ',"registered_users_count_by_interaction_type":'
    || case when $3::int is null then 0
         else (select count(distinct i.user_id) from interaction i where i.event_id = e.id and i.type_id = $3::int) end
    || '}' as json
  from event e left join lateral ${FIRST_UNIT}
 where e.id = $1 and e.public_on_web`;
