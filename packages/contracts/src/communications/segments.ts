import { z } from 'zod';
import { ZPageQuery } from '../pagination.js';
import { ZSegmentRuleChecked } from './segment-conditions.js';

/** A saved segment (issue 19 §1): a named rule tree over the conditions of segment-conditions.ts. */
const name = z.string().trim().min(1).max(200).describe('Name of the segment, unique; up to 200 characters');
const description = z.string().max(2000).describe('What the segment is for, free text for staff; up to 2000 characters');

export const ZSegmentInput = z.object({
  name,
  description: description.default(''),
  rule: ZSegmentRuleChecked,
});
export type TSegmentInput = z.infer<typeof ZSegmentInput>;

export const ZSegmentPatch = ZSegmentInput.partial().extend({ description: description.optional() });

export const ZSegment = z
  .object({
    id: z.number().int().describe('Id of the segment'),
    name: z.string().describe('Name of the segment, unique'),
    description: z.string().describe('What the segment is for (empty when not given)'),
    rule: z.unknown().describe('The rule tree (SegmentRule)'),
    created: z.string().describe('When the segment was created (ISO 8601, UTC)'),
    updated: z.string().describe('When it was last changed (ISO 8601, UTC)'),
  })
  .meta({ id: 'Segment' });
export type TSegment = z.infer<typeof ZSegment>;

export const ZSegmentCount = z.object({
  count: z.number().int().describe('How many people the rule selects at the moment of the request'),
});

export const ZSegmentPreviewInput = z.object({ rule: ZSegmentRuleChecked });

/** One member of a segment in its list. */
export const ZSegmentMember = z
  .object({
    id: z.number().int().describe('Profile id of the person'),
    first_name: z.string().describe('First name (may be empty, e.g. for a company)'),
    last_name: z.string().describe('Last name (may be empty, e.g. for a company)'),
    email: z.string().nullable().describe('The profile’s e-mail address; null when it has none'),
    language: z.string().describe('The person’s language: `cs` or `en`'),
    city: z.string().describe('City of the address (may be empty)'),
  })
  .meta({ id: 'SegmentMember' });
export type TSegmentMember = z.infer<typeof ZSegmentMember>;

export const ZSegmentMembersQuery = ZPageQuery.extend({ id: z.coerce.number().int() });
