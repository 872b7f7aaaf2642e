import { checkLastPaymentRouter } from './check-last-payment.js';
import { resetPasswordConfirmRouter, resetPasswordEmailRouter } from './password-reset.js';
import { registerUserprofileRouter } from './register-userprofile.js';

/** api.md §6. */
export const accountRouter = {
  registerUserprofile: registerUserprofileRouter,
  resetPasswordEmail: resetPasswordEmailRouter,
  resetPasswordConfirm: resetPasswordConfirmRouter,
  checkLastPayment: checkLastPaymentRouter,
};
