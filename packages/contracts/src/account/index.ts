export * from './register-userprofile.js';
export * from './password-reset.js';
