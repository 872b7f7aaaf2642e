import { checkEventRouter, checkMoneyAccountRouter } from './check-exists.js';
import { checkLastPaymentsRouter } from './check-last-payments.js';
import { companyProfileVsRouter } from './companyprofile-vs.js';
import { creditCardPaymentRouter } from './credit-card-payment.js';
import { interactionRouter } from './interaction.js';
import { userProfileVsRouter } from './userprofile-vs.js';

/** api.md §9: endpoints for third-party applications. */
export const integrationRouter = {
  checkEvent: checkEventRouter,
  checkMoneyAccount: checkMoneyAccountRouter,
  userProfileVs: userProfileVsRouter,
  companyProfileVs: companyProfileVsRouter,
  checkLastPayments: checkLastPaymentsRouter,
  interaction: interactionRouter,
  creditCardPayment: creditCardPaymentRouter,
};
