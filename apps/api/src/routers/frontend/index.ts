import { apiRootRouter } from './api-root.js';
import { attendeesRouter } from './attendees.js';
import { eventTypesRouter, organizationPositionsRouter } from './catalogue.js';
import { eventOrgteamRouter } from './event-orgteam.js';
import { frontendEventsRouter } from './events.js';
import { locationsRouter } from './locations.js';
import { myEventsRouter } from './my-events.js';
import { myInteractionsRouter } from './my-interactions.js';
import { organizedEventsRouter } from './organized-events.js';
import { editUserprofileRouter, usersRouter } from './users.js';
import { myTaxConfirmationsRouter } from './tax-confirmations.js';
import { whoamiRouter } from './whoami.js';

/** The front-end API (api.md §7): `/api/frontend/…` and `frontend.<resource>.<action>` on /trpc. */
export const frontendRouter = {
  apiRoot: apiRootRouter,
  whoami: whoamiRouter,
  events: frontendEventsRouter,
  organizedEvents: organizedEventsRouter,
  myEvents: myEventsRouter,
  attendees: attendeesRouter,
  eventOrgteam: eventOrgteamRouter,
  eventOrganizationPositions: organizationPositionsRouter,
  eventTypes: eventTypesRouter,
  locations: locationsRouter,
  users: usersRouter,
  editUserprofile: editUserprofileRouter,
  myInteractions: myInteractionsRouter,
  taxConfirmations: myTaxConfirmationsRouter,
};
