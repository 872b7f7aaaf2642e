import { z } from 'zod';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';
import { queryValue } from '../query-params.js';
import { queryText } from './query.js';

const event = queryText('Event id (query parameter, required on every method; the caller must be on its team unless superuser)', queryValue.integer());
const id = field.integer({ description: 'Team row id' });
const position_id = field.pk({ description: 'Organization position id' });

/** `GET /api/frontend/event_orgteam/?event=` (api.md §7.7). */
export const ZOrgTeamListQuery = ZPageQuery.extend({ event });

/** `GET|DELETE /api/frontend/event_orgteam/{id}/?event=`. */
export const ZOrgTeamDetailInput = z.object({ id, event });

/** `POST /api/frontend/event_orgteam/?event=`: `position_name` is ignored (D12). */
export const ZOrgTeamCreateInput = z.object({
  event,
  profile_id: field.pk({ description: 'Profile id of the new member' }),
  position_id,
});
export type TOrgTeamCreateInput = z.output<typeof ZOrgTeamCreateInput>;

/** `PUT|PATCH /api/frontend/event_orgteam/{id}/?event=` (beyond the reference): change the position. */
export const ZOrgTeamUpdateInput = z.object({ id, event, position_id });
export const ZOrgTeamPatchInput = z.object({ id, event, position_id: position_id.optional() });
