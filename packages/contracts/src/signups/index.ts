export * from './messages.js';
export * from './person-fields.js';
export * from './sign-up-for-event.js';
export * from './volunteer.js';
export * from './apply-for-membership.js';
