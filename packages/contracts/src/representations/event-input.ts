import { z } from 'zod';
import { drfFields, field, parseDrfInteger } from '../fields.js';
import { BASIC_PURPOSE, DIET, INTENDED_FOR, OPPORTUNITY, REGISTRATION_METHOD } from '../choices.js';
import { MSG } from '../messages.js';
import { pyTypeName } from '../zod-drf.js';

/**
 * The writable fields of the Event representation (api.md §4.2). `program` is checked against
 * the deployment's PROGRAM_TYPES by the domain (configuration, not code); the existence of
 * `event_type_id` and `administrative_units` rows too.
 */

/** domain.md §8 phone regex (model level), applied to `contact_person_telephone`. */
export const EVENT_TELEPHONE_PATTERN = /^\+?(42(0|1){1})?\s?\d{3}\s?\d{3}\s?\d{3}$/;

/**
 * DRF's ManyRelatedField of primary keys: a list of ids; one flat list of messages for the
 * field (not keyed by index). Whether the rows exist is the domain's check.
 */
export function pkList(o: { description: string; allowEmpty?: boolean }) {
  const schema = z
    .preprocess(
      (input: ReadonlyArray<number | string>, ctx) => {
        const v: unknown = input;
        if (v === undefined || v === null) return v;
        if (!Array.isArray(v)) {
          ctx.addIssue({ code: 'custom', message: MSG.notAList(pyTypeName(v)), input: v });
          return v;
        }
        if (v.length === 0 && o.allowEmpty === false) {
          ctx.addIssue({ code: 'custom', message: MSG.emptyList, input: v });
          return input;
        }
        const ids: number[] = [];
        for (const item of v as unknown[]) {
          const n = typeof item === 'boolean' ? undefined : parseDrfInteger(item);
          if (n === undefined) {
            ctx.addIssue({ code: 'custom', message: MSG.incorrectPkType(pyTypeName(item)), input: v });
            return input;
          }
          if (!ids.includes(n)) ids.push(n);
        }
        return ids;
      },
      z.array(z.number().int()),
    )
    .describe(o.description);
  // A list for the form-body converter: a repeated key (or a single one) becomes a list.
  drfFields.add(schema, { kind: 'list' });
  return schema;
}

const text = (maxLength: number, description: string) => field.string({ maxLength, allowBlank: true, description });
const photo = (description: string) =>
  field.file({ description: `${description}: a multipart file upload; \`null\` clears it` }).nullable();

/** Fields that POST and PUT may omit (PATCH may omit every field). */
const optionalFields = {
  datetime_from: field.datetime({ description: 'Start' }).nullable(),
  datetime_to: field.datetime({ description: 'End' }).nullable(),
  program: field.string({ maxLength: 128, allowBlank: true, description: 'One of the deployment’s PROGRAM_TYPES, or empty' }),
  intended_for: field.choice(INTENDED_FOR, { description: 'Audience' }),
  basic_purpose: field.choice(BASIC_PURPOSE, { description: 'Purpose' }),
  opportunity: field.choice(OPPORTUNITY, { allowBlank: true, description: 'Opportunity kind, or empty' }),
  age_from: field.integer({ min: 0, description: 'Minimum age' }).nullable(),
  age_to: field.integer({ min: 0, description: 'Maximum age' }).nullable(),
  start_date: field.datetime({ description: 'Default date of registrations and attendance' }).nullable(),
  responsible_person: text(128, 'Responsible person'),
  participation_fee: text(128, 'Participation fee, free text'),
  entry_form_url: field.url({ allowBlank: true, description: 'Entry form URL' }).nullable(),
  web_url: field.url({ allowBlank: true, description: 'Web page URL' }).nullable(),
  invitation_text_short: text(3000, 'Short invitation'),
  working_hours: field.integer({ min: 0, description: 'Working hours per day' }).nullable(),
  accommodation: text(256, 'Accommodation'),
  diet: field.multipleChoice(DIET, { description: 'Diets offered' }),
  looking_forward_to_you: text(512, 'Names of the organisers shown on the invitation'),
  registration_method: field.choice(REGISTRATION_METHOD, { description: 'Registration method' }),
  invitation_text_1: text(3000, 'What to expect'),
  invitation_text_2: text(3000, 'What, where and how'),
  invitation_text_3: text(3000, 'Volunteer help'),
  invitation_text_4: text(3000, 'Little sneak peek'),
  main_photo: photo('Main photo'),
  additional_photo_1: photo('Additional photo'),
  additional_photo_2: photo('Additional photo'),
  additional_photo_3: photo('Additional photo'),
  additional_photo_4: photo('Additional photo'),
  additional_photo_5: photo('Additional photo'),
  additional_photo_6: photo('Additional photo'),
  additional_question_1: text(300, 'Additional question asked at registration'),
  additional_question_2: text(300, 'Additional question asked at registration'),
  additional_question_3: text(300, 'Additional question asked at registration'),
  additional_question_4: text(300, 'Additional question asked at registration'),
  contact_person_name: text(128, 'Contact person'),
  contact_person_email: field.email({ allowBlank: true, description: 'Contact person e-mail' }),
  contact_person_telephone: text(100, 'Contact person telephone (`+420 123 456 789` and the like)').refine(
    (v) => v === '' || EVENT_TELEPHONE_PATTERN.test(v),
    { message: 'Enter a valid value.' },
  ),
  public_on_web_date_from: field.date({ description: 'Shown on the web from' }).nullable(),
  public_on_web_date_to: field.date({ description: 'Shown on the web until' }).nullable(),
  public_on_web: field.boolean({ description: 'Listed publicly' }),
};

const requiredFields = {
  name: field.string({ maxLength: 100, description: 'Event name' }),
  event_type_id: field.pk({ description: 'Id of the event type' }),
  administrative_units: pkList({ description: 'Ids of the event’s administrative units (at least one)', allowEmpty: false }),
};

const optionalShape = Object.fromEntries(Object.entries(optionalFields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof optionalFields]: z.ZodOptional<(typeof optionalFields)[K]>;
};

/** POST and PUT body: `name`, `event_type_id` and `administrative_units` required (api.md §4.2). */
export const ZEventWrite = z.object({ ...requiredFields, ...optionalShape });
export type TEventWrite = z.output<typeof ZEventWrite>;

/** PATCH body: every field optional. */
export const ZEventPatch = ZEventWrite.partial();
export type TEventPatch = z.output<typeof ZEventPatch>;
