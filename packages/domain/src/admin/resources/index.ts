export * from './simple.js';
export * from './profiles.js';
export * from './money-accounts.js';
export * from './donor-payment-channels.js';
export * from './events.js';
export * from './interactions.js';
export * from './oauth-applications.js';
export * from './pdf-storage.js';
