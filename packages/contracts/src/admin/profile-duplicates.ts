import { z } from 'zod';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';
import { adminProfiles } from './profiles.js';

/**
 * `GET /api/admin/profiles/duplicates/` and `POST /api/admin/profiles/merge/` (issue 17 §2):
 * pairs of profiles that probably are one person, and the merge that makes them one.
 */

export const DUPLICATE_REASONS = ['email', 'telephone', 'name_birth_date', 'name_city'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const ZDuplicateReason = z
  .enum(DUPLICATE_REASONS)
  .describe(
    'Why the two look like one person: `email` (the same address, trimmed and lower-cased, in `email` or among the profile e-mails), ' +
      '`telephone` (the same digits, a +420/00420 prefix ignored), `name_birth_date` (the same first and last name, case and accents ' +
      'ignored, and the same birth day, month and year), `name_city` (the same name and the same city)',
  );

export const ZDuplicateProfile = z
  .object({
    id: z.number().int().describe('Profile id'),
    kind: z.string().describe('user or company'),
    username: z.string().nullable().describe('Username'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    name: z.string().nullable().describe('Company name'),
    email: z.string().nullable().describe('Primary e-mail'),
    city: z.string().describe('City'),
    age_group: z.number().int().nullable().describe('Birth year'),
    birth_month: z.number().int().nullable().describe('Birth month'),
    birth_day: z.number().int().nullable().describe('Birth day'),
  })
  .meta({ id: 'AdminDuplicateProfile', description: 'One side of a duplicate pair' });

export const ZDuplicatePair = z
  .object({
    first: ZDuplicateProfile.describe('The profile with the lower id'),
    second: ZDuplicateProfile.describe('The profile with the higher id'),
    reasons: z.array(ZDuplicateReason).describe('Every reason the two are paired (at least one)'),
  })
  .meta({ id: 'AdminDuplicatePair', description: 'Two profiles of the same kind that probably are one person' });
export type TDuplicatePair = z.infer<typeof ZDuplicatePair>;

export const ZDuplicatesQuery = ZPageQuery;

export const ZMergeInput = z.object({
  survivor: field.pk({ description: 'The profile that stays: it receives every reference of `other`' }),
  other: field.pk({ description: 'The profile merged into `survivor` and then deleted' }),
  dry_run: field
    .boolean({ description: 'Only show what the merge would do (the same answer), and keep both profiles: nothing is written' })
    .optional(),
});

export const ZMergedReference = z
  .object({
    table: z.string().describe('Referencing table'),
    column: z.string().describe('Its column referring to profile'),
    moved: z.number().int().describe('Rows moved to the survivor'),
    united: z.number().int().describe('Rows of the other profile dropped (or demoted from primary) because the survivor already had them'),
  })
  .meta({ id: 'AdminMergedReference' });

export const ZMergeResult = z
  .object({
    profile: adminProfiles.ZOutput.describe('The survivor as it is after the merge'),
    merged_id: z.number().int().describe('Id of the profile merged in (now deleted)'),
    references: z.array(ZMergedReference).describe('What happened to each foreign key referring to profile'),
  })
  .meta({ id: 'AdminMergeResult', description: 'The result of merging two profiles' });
export type TMergeResult = z.infer<typeof ZMergeResult>;
