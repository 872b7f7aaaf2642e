import { REGULAR_FREQUENCY_CHOICES } from '../account/register-userprofile.js';
import { SEX_CHOICES } from '../integration/userprofile-vs.js';
import {
  EVENT_BASIC_PURPOSE,
  EVENT_DIET,
  EVENT_INTENDED_FOR,
  EVENT_OPPORTUNITY,
  EVENT_REGISTRATION_METHOD,
} from '../representations/event-input.js';
import { GRANT_TYPES } from '../scopes.js';

/**
 * Stored choice values the admin schemas validate against (domain.md). They mirror
 * `@klub/db`'s `choices.ts`, which contracts cannot import (it sits below db); the admin tests
 * check that both stay equal. Lists other contracts already declare are reused.
 */
export const ADMIN_CHOICES = {
  profileKind: ['user', 'company'],
  auLevel: ['regional_center', 'basic_section', 'headquarter', 'club'],
  language: ['cs', 'en'],
  sex: SEX_CHOICES,
  profileRole: ['event_organizer', 'edit_all_units'],
  moneyAccountKind: ['bank', 'api'],
  regularFrequency: REGULAR_FREQUENCY_CHOICES,
  regularPayments: ['regular', 'onetime', 'promise'],
  paymentType: ['bank-transfer', 'cash', 'expected', 'creadit_card', 'material_gift', 'darujme'],
  accountStatementType: ['account', 'account_cs', 'account_kb', 'account_csob', 'account_sberbank', 'account_raiffeisenbank', 'darujme'],
  accountStatementStatus: ['queued', 'running', 'done', 'failed'],
  registrationMethod: EVENT_REGISTRATION_METHOD,
  basicPurpose: EVENT_BASIC_PURPOSE,
  intendedFor: EVENT_INTENDED_FOR,
  /** Blank (`""`) is the "no opportunity" value, added by the field. */
  opportunity: EVENT_OPPORTUNITY,
  diet: EVENT_DIET,
  interactionSettlement: ['a', 'm'],
  interactionRating: ['1', '2', '3', '4', '5'],
  communicationType: ['mass', 'auto', 'individual'],
  oauthClientType: ['confidential', 'public'],
  oauthGrantType: GRANT_TYPES,
} as const;
