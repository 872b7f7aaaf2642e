import { interactionMessage } from './interaction-message.js';
import { mailing } from './mailing.js';
import { passwordReset } from './password-reset.js';
import { signupNotification } from './signup-notification.js';
import { taxConfirmation } from './tax-confirmation.js';

export { interactionMessage, InteractionMessageEmail, type InteractionMessageProps } from './interaction-message.js';
export { mailing, MailingEmail, type MailingProps } from './mailing.js';
export { passwordReset, PasswordResetEmail, type PasswordResetProps } from './password-reset.js';
export {
  signupNotification,
  SignupNotificationEmail,
  SIGNUP_KINDS,
  type SignupKind,
  type SignupNotificationProps,
} from './signup-notification.js';

export { taxConfirmation, TaxConfirmationEmail, type TaxConfirmationProps } from './tax-confirmation.js';

/** Every template, for the preview script and tests. */
export const TEMPLATES = [passwordReset, signupNotification, interactionMessage, taxConfirmation, mailing] as const;
