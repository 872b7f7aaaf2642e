export * from './check-exists.js';
export * from './userprofile-vs.js';
export * from './companyprofile-vs.js';
export * from './check-last-payments.js';
export * from './interaction.js';
export * from './credit-card-payment.js';
