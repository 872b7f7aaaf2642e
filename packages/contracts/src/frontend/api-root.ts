import { z } from 'zod';

const link = (what: string) => z.string().describe(`Absolute URL of ${what}`);

/** `GET /api/frontend/` (api.md §7.2): the list endpoints of the front-end API. */
export const ZFrontendRoot = z
  .object({
    events: link('the event list'),
    my_events: link('the caller’s registrations'),
    organized_events: link('the events the caller organizes'),
    event_orgteam: link('organization teams'),
    event_organization_position: link('organization positions'),
    'event-type': link('event types'),
    locations: link('locations'),
    users: link('the user search'),
    attendees: link('attendees'),
    my_interactions: link('the caller’s interactions'),
  })
  .meta({ id: 'FrontendRoot', description: 'The list endpoints of the front-end API (api.md §7.2)' });
export type TFrontendRoot = z.infer<typeof ZFrontendRoot>;
