export * from './lang.js';
export type { EmailTemplate } from './template.js';
export * from './templates/index.js';
export { renderEmail, type RenderedEmail } from './render.js';
export { createMailer, SMTP_TIMEOUT_MS, type Mailer, type MailerOptions, type OutgoingEmail } from './mailer.js';
