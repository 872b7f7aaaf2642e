/**
 * Stored choice values the admin schemas validate against (domain.md). They mirror
 * `@klub/db`'s `choices.ts`, which contracts cannot import (it sits below db); a domain test
 * checks that both lists stay equal.
 */
export const ADMIN_CHOICES = {
  profileKind: ['user', 'company'],
  auLevel: ['regional_center', 'basic_section', 'headquarter', 'club'],
  language: ['cs', 'en'],
  sex: ['male', 'female', 'unknown'],
  profileRole: ['event_organizer', 'edit_all_units'],
  moneyAccountKind: ['bank', 'api'],
  regularFrequency: ['monthly', 'quaterly', 'biannually', 'annually'],
  regularPayments: ['regular', 'onetime', 'promise'],
  paymentType: ['bank-transfer', 'cash', 'expected', 'creadit_card', 'material_gift', 'darujme'],
  accountStatementType: ['account', 'account_cs', 'account_kb', 'account_csob', 'account_sberbank', 'account_raiffeisenbank', 'darujme'],
  accountStatementStatus: ['queued', 'running', 'done', 'failed'],
  registrationMethod: ['standard', 'other_electronic', 'by_email', 'not_required', 'full'],
  basicPurpose: ['action', 'action-with-attendee-list', 'petition', 'camp', 'opportunity', 'campaign', 'zmj_location'],
  intendedFor: ['everyone', 'adolescents_and_adults', 'children', 'parents_and_children', 'newcomers'],
  opportunity: ['', 'organizing_events', 'cooperation', 'help_the_locality'],
  diet: ['vegetarian', 'meat', 'vegan', 'kosher', 'halal', 'gluten_free'],
  interactionSettlement: ['a', 'm'],
  interactionRating: ['1', '2', '3', '4', '5'],
  communicationType: ['mass', 'auto', 'individual'],
  oauthClientType: ['confidential', 'public'],
  oauthGrantType: ['client-credentials', 'password', 'authorization-code', 'implicit'],
} as const;
