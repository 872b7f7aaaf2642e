import { z } from 'zod';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';
import { ZEventPatch, ZEventWrite } from '../representations/event.js';

/** `GET /api/frontend/events/` and `organized_events/` (api.md §7.3, §7.4): pages only, no filters. */
export const ZFrontendEventListQuery = ZPageQuery;

/** A detail URL's `{id}`. */
export const ZIdInput = z.object({ id: field.integer({ description: 'Id of the object' }) });
export type TIdInput = z.output<typeof ZIdInput>;

/** `POST /api/frontend/events/`: the writable Event fields (api.md §4.2). */
export const ZFrontendEventCreateInput = ZEventWrite;

/** `PUT /api/frontend/organized_events/{id}/`. */
export const ZOrganizedEventUpdateInput = ZEventWrite.extend({ id: field.integer({ description: 'Event id' }) });
/** `PATCH /api/frontend/organized_events/{id}/`. */
export const ZOrganizedEventPatchInput = ZEventPatch.extend({ id: field.integer({ description: 'Event id' }) });
