export * from './lang.js';
export type { EmailTemplate } from './template.js';
export * from './templates/index.js';
export { renderEmail, type RenderedEmail } from './render.js';
export { createMailer, SMTP_TIMEOUT_MS, type Mailer, type MailerOptions, type OutgoingEmail } from './mailer.js';
export { prepareMailing, type PersonalizedMailing, type Slotted } from './personalized.js';
export { MailingCopies, type MailingCopySource, type MailingCopyTexts } from './mailing-copies.js';
