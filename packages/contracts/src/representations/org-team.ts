import { z } from 'zod';

/** `OrgTeamMember` (api.md §4.10): one row of an event's organization team. */
export const ZOrgTeamMember = z
  .object({
    id: z.number().int().describe('Team row id'),
    profile_id: z.number().int().describe('Profile id of the member'),
    position_id: z.number().int().describe('Organization position id'),
    position_name: z.string().describe('Name of the position (read-only, D12)'),
  })
  .meta({ id: 'OrgTeamMember', description: 'A member of an event’s organization team in one position (api.md §4.10)' });
export type TOrgTeamMember = z.infer<typeof ZOrgTeamMember>;

/** `OrganizationPosition` (api.md §4.10). */
export const ZOrganizationPosition = z
  .object({
    id: z.number().int().describe('Position id'),
    name: z.string().describe('Name, e.g. `Event creator`'),
    description: z.string().describe('Description; may be empty'),
  })
  .meta({ id: 'OrganizationPosition', description: 'A position in an organization team (api.md §4.10)' });
export type TOrganizationPosition = z.infer<typeof ZOrganizationPosition>;

/** `EventType` in full (api.md §4.4). */
export const ZEventType = z
  .object({
    id: z.number().int().describe('Event type id'),
    name: z.string().describe('Name'),
    slug: z.string().describe('Slug, e.g. `tabor`'),
    description: z.string().describe('Description; may be empty'),
    administrative_unit: z.number().int().describe('Id of the owning administrative unit'),
  })
  .meta({ id: 'EventType', description: 'A kind of event (api.md §4.4)' });
export type TEventType = z.infer<typeof ZEventType>;
