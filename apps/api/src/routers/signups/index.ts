import { applyForMembershipRouter } from './apply-for-membership.js';
import { signUpForEventRouter } from './sign-up-for-event.js';
import { volunteerRouter } from './volunteer.js';

/** api.md §8: the "unknown user" endpoints. */
export const signupsRouter = {
  signUpForEvent: signUpForEventRouter,
  volunteer: volunteerRouter,
  applyForMembership: applyForMembershipRouter,
};
