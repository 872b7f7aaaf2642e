export * from './query.js';
export * from './api-root.js';
export * from './whoami.js';
export * from './events.js';
export * from './event-interactions.js';
export * from './event-orgteam.js';
export * from './locations.js';
export * from './users.js';
