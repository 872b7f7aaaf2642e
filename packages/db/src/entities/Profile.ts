import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { LANGUAGE, PROFILE_KIND, SEX } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { CompanyContact } from './CompanyContact.js';
import { CompanyType } from './CompanyType.js';
import { DonorPaymentChannel } from './DonorPaymentChannel.js';
import { Preference } from './Preference.js';
import { ProfileEmail } from './ProfileEmail.js';
import { ProfileRole } from './ProfileRole.js';
import { Telephone } from './Telephone.js';

/**
 * Users and companies share one table and one id space (domain.md §2.1): every FK that "may point
 * to either kind" is a plain FK to profile. Company-only columns stay NULL on users (CHECK).
 */
const ProfileSchema = defineEntity({
  name: 'Profile',
  tableName: 'profile',
  checks: [
    {
      name: 'profile_company_columns_check',
      expression: "kind = 'company' or (name is null and type_id is null and crn is null and tin is null)",
    },
    { name: 'profile_age_group_check', expression: 'age_group >= 0' },
    { name: 'profile_birth_month_check', expression: 'birth_month >= 1 and birth_month <= 12' },
    { name: 'profile_birth_day_check', expression: 'birth_day >= 1 and birth_day <= 31' },
  ],
  indexes: [
    {
      // Expression and operator class must match PROFILE_SEARCH_SQL for the planner to use it.
      name: 'profile_search_trgm_index',
      expression:
        "create index \"profile_search_trgm_index\" on \"profile\" using gin (public.klub_fold(first_name || ' ' || last_name || ' ' || nickname || ' ' || maiden_name || ' ' || coalesce(username, '') || ' ' || coalesce(email, '')) public.gin_trgm_ops)",
    },
  ],
  properties: {
    id: p.integer().primary(),
    kind: p.enum([...PROFILE_KIND]),

    // auth
    /** Django hash string `pbkdf2_sha256$<iter>$<salt>$<hash>`; NULL = cannot log in. */
    password: p.string().length(128).nullable(),
    lastLogin: p.datetime().nullable(),
    isSuperuser: p.boolean().default(false),
    username: p.string().length(150).nullable().unique(),
    email: p.string().length(254).nullable().index(),
    isStaff: p.boolean().default(false),
    isActive: p.boolean().default(true),
    dateJoined: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),

    // CRM (both kinds)
    addressment: p.string().length(40).default(''),
    addressmentOnEnvelope: p.string().length(40).default(''),
    language: p.enum([...LANGUAGE]).default('cs'),
    street: p.string().length(128).default(''),
    city: p.string().length(40).default(''),
    country: p.string().length(40).default('Česká republika'),
    zipCode: p.string().length(30).default(''),
    differentCorrespondenceAddress: p.boolean().default(false),
    correspondenceStreet: p.string().length(128).default(''),
    correspondenceCity: p.string().length(40).default(''),
    correspondenceCountry: p.string().length(40).default('Česká republika'),
    correspondenceZipCode: p.string().length(30).default(''),
    otherSupport: p.text().default(''),
    profileText: p.text().nullable(),
    profilePicture: p.string().length(100).nullable(),
    clubCardAvailable: p.boolean().default(false),
    clubCardDispatched: p.boolean().default(false),
    otherBenefits: p.text().default(''),
    note: p.text().default(''),
    created: p
      .datetime()
      .nullable()
      .onCreate(() => new Date()),
    updated: p
      .datetime()
      .nullable()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),

    // user only
    titleBefore: p.string().length(15).nullable(),
    titleAfter: p.string().length(15).nullable(),
    firstName: p.string().length(128).default(''),
    lastName: p.string().length(128).default(''),
    /** Birth YEAR despite the name (domain.md §2.1). */
    ageGroup: p.integer().nullable(),
    birthMonth: p.integer().nullable(),
    birthDay: p.integer().nullable(),
    sex: p.enum([...SEX]).default('unknown'),
    nickname: p.string().length(126).default(''),
    maidenName: p.string().length(126).default(''),

    // company only
    name: p.string().length(180).nullable(),
    type: () => p.manyToOne(CompanyType).ref().nullable().deleteRule('set null'),
    crn: p.string().length(254).nullable().index(),
    tin: p.string().length(254).nullable(),

    administrativeUnits: () => p.manyToMany(AdministrativeUnit).pivotTable('profile_administrative_units'),
    administratedUnits: () => p.manyToMany(AdministrativeUnit).pivotTable('profile_administrated_units'),

    emails: () => p.oneToMany(ProfileEmail).mappedBy('user'),
    telephones: () => p.oneToMany(Telephone).mappedBy('user'),
    roles: () => p.oneToMany(ProfileRole).mappedBy('profile'),
    preferences: () => p.oneToMany(Preference).mappedBy('user'),
    companyContacts: () => p.oneToMany(CompanyContact).mappedBy('company'),
    donorPaymentChannels: () => p.oneToMany(DonorPaymentChannel).mappedBy('user'),
  },
});

export interface Profile extends InferEntity<typeof ProfileSchema> {}
export const Profile: EntitySchema<Profile, never> = ProfileSchema;
