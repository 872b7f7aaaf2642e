import { z } from 'zod';
import { ZPageQuery } from '../pagination.js';
import { ZSegmentRuleChecked } from './segment-conditions.js';

/** A saved segment (issue 19 §1): a named rule tree over the conditions of segment-conditions.ts. */
export const ZSegmentInput = z.object({
  name: z.string().trim().min(1).max(200).describe('Name'),
  description: z.string().max(2000).default('').describe('Description'),
  rule: ZSegmentRuleChecked,
});
export type TSegmentInput = z.infer<typeof ZSegmentInput>;

export const ZSegmentPatch = ZSegmentInput.partial().extend({ description: z.string().max(2000).optional().describe('Description') });

export const ZSegment = z
  .object({
    id: z.number().int().describe('Id'),
    name: z.string().describe('Name'),
    description: z.string().describe('Description'),
    rule: z.unknown().describe('The rule tree (SegmentRule)'),
    created: z.string().describe('Created'),
    updated: z.string().describe('Updated'),
  })
  .meta({ id: 'Segment' });
export type TSegment = z.infer<typeof ZSegment>;

export const ZSegmentCount = z.object({ count: z.number().int().describe('How many people') });

export const ZSegmentPreviewInput = z.object({ rule: ZSegmentRuleChecked });

/** One member of a segment in its list. */
export const ZSegmentMember = z
  .object({
    id: z.number().int().describe('Id'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    email: z.string().nullable().describe('Email'),
    language: z.string().describe('Language'),
    city: z.string().describe('City'),
  })
  .meta({ id: 'SegmentMember' });
export type TSegmentMember = z.infer<typeof ZSegmentMember>;

export const ZSegmentMembersQuery = ZPageQuery.extend({ id: z.coerce.number().int() });
