import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { BASIC_PURPOSE, DIET, INTENDED_FOR, OPPORTUNITY_STORED, REGISTRATION_METHOD } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { EventType } from './EventType.js';
import { Location } from './Location.js';
import { OrganizationTeam } from './OrganizationTeam.js';

const dietList = DIET.map((d) => `'${d}'`).join(', ');

/** Campaign, action, camp, petition… (domain.md §4.1; the tn_* tree columns are left out). */
const EventSchema = defineEntity({
  name: 'Event',
  tableName: 'event',
  checks: [
    { name: 'event_diet_check', expression: `diet <@ array[${dietList}]::text[]` },
    {
      name: 'event_variable_symbol_prefix_check',
      expression: 'variable_symbol_prefix >= 10000 and variable_symbol_prefix <= 99999',
    },
    { name: 'event_number_of_actions_check', expression: 'number_of_actions >= 0' },
    { name: 'event_age_from_check', expression: 'age_from >= 0' },
    { name: 'event_age_to_check', expression: 'age_to >= 0' },
  ],
  indexes: [
    {
      // Default event ordering: accent-folded, case-insensitive name, then id.
      name: 'event_name_fold_index',
      expression: 'create index "event_name_fold_index" on "event" (public.klub_fold(name), id)',
    },
  ],
  properties: {
    id: p.integer().primary(),
    name: p.string().length(100),
    slug: p.string().length(100).nullable().unique(),
    registrationMethod: p.enum([...REGISTRATION_METHOD]).default('standard'),
    additionalQuestion1: p.string().length(300).default('').fieldName('additional_question_1'),
    additionalQuestion2: p.string().length(300).default('').fieldName('additional_question_2'),
    additionalQuestion3: p.string().length(300).default('').fieldName('additional_question_3'),
    additionalQuestion4: p.string().length(300).default('').fieldName('additional_question_4'),
    mainPhoto: p.string().length(100).nullable(),
    additionalPhoto1: p.string().length(100).nullable().fieldName('additional_photo_1'),
    additionalPhoto2: p.string().length(100).nullable().fieldName('additional_photo_2'),
    additionalPhoto3: p.string().length(100).nullable().fieldName('additional_photo_3'),
    additionalPhoto4: p.string().length(100).nullable().fieldName('additional_photo_4'),
    additionalPhoto5: p.string().length(100).nullable().fieldName('additional_photo_5'),
    additionalPhoto6: p.string().length(100).nullable().fieldName('additional_photo_6'),
    invitationTextShort: p.text().default(''),
    invitationText1: p.text().default('').fieldName('invitation_text_1'),
    invitationText2: p.text().default('').fieldName('invitation_text_2'),
    invitationText3: p.text().default('').fieldName('invitation_text_3'),
    invitationText4: p.text().default('').fieldName('invitation_text_4'),
    numberOfActions: p.integer().default(1),
    location: () => p.manyToOne(Location).ref().nullable().deleteRule('set null'),
    eventType: () => p.manyToOne(EventType).ref().nullable().deleteRule('set null'),
    basicPurpose: p.enum([...BASIC_PURPOSE]).default('action'),
    opportunity: p.enum([...OPPORTUNITY_STORED]).default(''),
    /** One of the deployment's PROGRAM_TYPES, or `''`; not checked in the DB (configuration). */
    program: p.string().length(128).default(''),
    isInternal: p.boolean().default(false),
    ageFrom: p.integer().nullable(),
    ageTo: p.integer().nullable(),
    intendedFor: p.enum([...INTENDED_FOR]).default('everyone'),
    participationFee: p.string().length(128).default(''),
    responsiblePerson: p.string().length(128).default(''),
    meeting: p.string().length(128).default(''),
    /** One of the deployment's GRANT_TYPES; not checked in the DB (configuration). */
    grant: p.string().length(128).default('no_grant'),
    focusOnMembers: p.boolean().default(false),
    publicOnWeb: p.boolean().default(false),
    publicOnWebDateFrom: p.date().nullable(),
    publicOnWebDateTo: p.date().nullable(),
    entryFormUrl: p.string().length(200).nullable(),
    webUrl: p.string().length(200).nullable(),
    vipAction: p.boolean().default(false),
    promotedInMagazine: p.boolean().default(false),
    hoursWorked: p.integer().nullable(),
    workingHours: p.integer().nullable(),
    variableSymbolPrefix: p.integer().nullable(),
    description: p.text().default(''),
    note: p.text().default(''),
    realYield: p.double().$type<number>().runtimeType('number').nullable(),
    enableSigningPetitions: p.boolean().default(false),
    enableRegistration: p.boolean().default(false),
    allowStatistics: p.boolean().default(false),
    emailConfirmationRedirect: p.string().length(200).nullable(),
    datetimeFrom: p.datetime().nullable(),
    datetimeTo: p.datetime().nullable(),
    startDate: p.datetime().nullable(),
    accommodation: p.string().length(256).default(''),
    diet: p.array<(typeof DIET)[number]>().default([]),
    lookingForwardToYou: p.string().length(512).default(''),
    totalWorkingDays: p.integer().nullable(),
    totalParticipants: p.integer().nullable(),
    totalParticipantsUnder26: p.integer().nullable().fieldName('total_participants_under_26'),
    contactPersonName: p.string().length(128).default(''),
    contactPersonTelephone: p.string().length(100).default(''),
    contactPersonEmail: p.string().length(254).default(''),
    commentOnWorkDone: p.text().nullable().default(''),
    otherWork: p.text().nullable().default(''),
    urlTitle: p.string().length(255).nullable(),
    urlTitle1: p.string().length(255).nullable(),
    urlTitle2: p.string().length(255).nullable(),
    url: p.string().length(200).nullable(),
    url1: p.string().length(200).nullable(),
    url2: p.string().length(200).nullable(),
    printPoint1: p.text().nullable().fieldName('print_point_1'),
    printPoint2: p.text().nullable().fieldName('print_point_2'),
    printPoint3: p.text().nullable().fieldName('print_point_3'),
    printPoint4: p.text().nullable().fieldName('print_point_4'),
    printPoint5: p.text().nullable().fieldName('print_point_5'),
    printPoint6: p.text().nullable().fieldName('print_point_6'),

    /** At least one (the API requires it); "the first unit" is the one with the lowest id. */
    administrativeUnits: () => p.manyToMany(AdministrativeUnit).pivotTable('event_administrative_units'),
    organizationTeam: () => p.oneToMany(OrganizationTeam).mappedBy('event'),
  },
});

export interface Event extends InferEntity<typeof EventSchema> {}
export const Event: EntitySchema<Event, never> = EventSchema;
