import { z } from 'zod';
import { ZPageQuery } from '../pagination.js';
import { ZSegmentRuleChecked } from './segment-conditions.js';

/** A saved segment (issue 19 §1): a named rule tree over the conditions of segment-conditions.ts. */
export const ZSegmentInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  rule: ZSegmentRuleChecked,
});
export type TSegmentInput = z.infer<typeof ZSegmentInput>;

export const ZSegmentPatch = ZSegmentInput.partial().extend({ description: z.string().max(2000).optional() });

export const ZSegment = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    rule: z.unknown().describe('The rule tree (SegmentRule)'),
    created: z.string(),
    updated: z.string(),
  })
  .meta({ id: 'Segment' });
export type TSegment = z.infer<typeof ZSegment>;

export const ZSegmentCount = z.object({ count: z.number().int() });

export const ZSegmentPreviewInput = z.object({ rule: ZSegmentRuleChecked });

/** One member of a segment in its list. */
export const ZSegmentMember = z
  .object({
    id: z.number().int(),
    first_name: z.string(),
    last_name: z.string(),
    email: z.string().nullable(),
    language: z.string(),
    city: z.string(),
  })
  .meta({ id: 'SegmentMember' });
export type TSegmentMember = z.infer<typeof ZSegmentMember>;

export const ZSegmentMembersQuery = ZPageQuery.extend({ id: z.coerce.number().int() });
