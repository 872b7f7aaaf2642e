import { passwordReset } from './password-reset.js';
import { signupNotification } from './signup-notification.js';

export { passwordReset, PasswordResetEmail, type PasswordResetProps } from './password-reset.js';
export {
  signupNotification,
  SignupNotificationEmail,
  SIGNUP_KINDS,
  type SignupKind,
  type SignupNotificationProps,
} from './signup-notification.js';

/** Every template, for the preview script and tests. */
export const TEMPLATES = [passwordReset, signupNotification] as const;
