import { eventOrderBy, type EventPageRequest } from './list-events.js';

/**
 * `organized_events` (api.md §7.4, D21): every event with at least one team row of the caller,
 * each once (an EXISTS, not a join, so several positions give one row), in the default event
 * order. Superusers get no global view. Use with `countEvents`/`pageEvents`.
 */
export function organizedEventsRequest(profileId: number): EventPageRequest {
  return {
    publicOnly: false,
    filters: {
      where: ['exists (select 1 from organization_team o where o.event_id = e.id and o.profile_id = ?)'],
      params: [profileId],
    },
    orderBy: eventOrderBy([]),
  };
}

/** `frontend/events` (api.md §7.3): every event, public or not, in the default order. */
export const ALL_EVENTS_REQUEST: EventPageRequest = { publicOnly: false, orderBy: eventOrderBy([]) };
