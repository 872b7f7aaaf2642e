/**
 * Stored values of every choice column (domain.md, api.md §4.1), defined once: the schemas of this
 * package validate against them and `@klub/db`'s entities build their CHECK constraints from them.
 * They are case-sensitive and the typos are part of the data (`quaterly`, `creadit_card`): existing
 * clients send and receive them.
 */

export const PROFILE_KIND = ['user', 'company'] as const;
export type ProfileKind = (typeof PROFILE_KIND)[number];

export const AU_LEVEL = ['regional_center', 'basic_section', 'headquarter', 'club'] as const;
export type AuLevel = (typeof AU_LEVEL)[number];

export const LANGUAGE = ['cs', 'en'] as const;
export type Language = (typeof LANGUAGE)[number];

export const SEX = ['male', 'female', 'unknown'] as const;
export type Sex = (typeof SEX)[number];

export const PROFILE_ROLE = ['event_organizer', 'edit_all_units'] as const;
/** Admin roles (issue 17 §1): superuser, organisation staff (edit_all_units), unit staff. */
export const STAFF_ROLE = ['superuser', 'organisation', 'unit'] as const;
export type StaffRole = (typeof STAFF_ROLE)[number];
export type ProfileRoleName = (typeof PROFILE_ROLE)[number];

export const MONEY_ACCOUNT_KIND = ['bank', 'api'] as const;
export type MoneyAccountKind = (typeof MONEY_ACCOUNT_KIND)[number];

export const REGULAR_FREQUENCY = ['monthly', 'quaterly', 'biannually', 'annually'] as const;
export type RegularFrequency = (typeof REGULAR_FREQUENCY)[number];

/** Period (days) used in the payment date maths and times per year (domain.md §3.3). */
export const REGULAR_FREQUENCY_DAYS: Readonly<Record<RegularFrequency, number>> = {
  monthly: 31,
  quaterly: 92,
  biannually: 183,
  annually: 366,
};
export const REGULAR_FREQUENCY_PER_YEAR: Readonly<Record<RegularFrequency, number>> = {
  monthly: 12,
  quaterly: 4,
  biannually: 2,
  annually: 1,
};

export const REGULAR_PAYMENTS = ['regular', 'onetime', 'promise'] as const;
export type RegularPayments = (typeof REGULAR_PAYMENTS)[number];

/** The choices a client may send; the column also admits `''` (payment.type is "blank"). */
export const PAYMENT_TYPE = ['bank-transfer', 'cash', 'expected', 'creadit_card', 'material_gift', 'darujme'] as const;
export type PaymentType = (typeof PAYMENT_TYPE)[number];
export const PAYMENT_TYPE_STORED = ['', ...PAYMENT_TYPE] as const;
export type StoredPaymentType = (typeof PAYMENT_TYPE_STORED)[number];

/** The bank formats an operator may upload (jobs.md §6); Darujme batches come from the sync. */
export const BANK_STATEMENT_TYPE = [
  'account',
  'account_cs',
  'account_kb',
  'account_csob',
  'account_sberbank',
  'account_raiffeisenbank',
] as const;
export type BankStatementType = (typeof BANK_STATEMENT_TYPE)[number];

export const ACCOUNT_STATEMENT_TYPE = [...BANK_STATEMENT_TYPE, 'darujme'] as const;
export type AccountStatementType = (typeof ACCOUNT_STATEMENT_TYPE)[number];

export const ACCOUNT_STATEMENT_STATUS = ['queued', 'running', 'done', 'failed'] as const;
export type AccountStatementStatus = (typeof ACCOUNT_STATEMENT_STATUS)[number];

export const REGISTRATION_METHOD = ['standard', 'other_electronic', 'by_email', 'not_required', 'full'] as const;
export type RegistrationMethod = (typeof REGISTRATION_METHOD)[number];

export const BASIC_PURPOSE = [
  'action',
  'action-with-attendee-list',
  'petition',
  'camp',
  'opportunity',
  'campaign',
  'zmj_location',
] as const;
export type BasicPurpose = (typeof BASIC_PURPOSE)[number];

export const INTENDED_FOR = [
  'everyone',
  'adolescents_and_adults',
  'children',
  'parents_and_children',
  'newcomers',
] as const;
export type IntendedFor = (typeof INTENDED_FOR)[number];

/** The choices a client may pick; the column also admits `''` ("no opportunity"), its default. */
export const OPPORTUNITY = ['organizing_events', 'cooperation', 'help_the_locality'] as const;
export type Opportunity = (typeof OPPORTUNITY)[number];
export const OPPORTUNITY_STORED = ['', ...OPPORTUNITY] as const;

export const DIET = ['vegetarian', 'meat', 'vegan', 'kosher', 'halal', 'gluten_free'] as const;
export type Diet = (typeof DIET)[number];

/**
 * Program and grant lists are deployment configuration (domain.md §8), so the columns that hold
 * them (`event.program`, `event.grant`, `interaction.program_of_interest`) have no CHECK.
 */
export const DEFAULT_PROGRAM_TYPES = ['zmj', 'dpnk', 'lab'] as const;
export const BRONTO_PROGRAM_TYPES = [
  '',
  'education',
  'PsB',
  'monuments',
  'nature',
  'eco_consulting',
  'children_section',
] as const;
export const DEFAULT_GRANT_TYPES = ['no_grant', 'other'] as const;
export const BRONTO_GRANT_TYPES = ['no_grant', 'MEYS', 'others'] as const;

export const INTERACTION_SETTLEMENT = ['a', 'm'] as const;
export type InteractionSettlement = (typeof INTERACTION_SETTLEMENT)[number];

export const INTERACTION_RATING = ['1', '2', '3', '4', '5'] as const;
export type InteractionRating = (typeof INTERACTION_RATING)[number];

export const COMMUNICATION_TYPE = ['mass', 'auto', 'individual'] as const;
export type CommunicationType = (typeof COMMUNICATION_TYPE)[number];

/** Valid choices of interaction_result.sort; the column default `individual` is not one of them. */
export const RESULT_SORT = ['promise', 'ongoing', 'dont_contact'] as const;

export const OAUTH_CLIENT_TYPE = ['confidential', 'public'] as const;
export type OAuthClientType = (typeof OAUTH_CLIENT_TYPE)[number];

/** oauth_application.authorization_grant_type. */
export const GRANT_TYPES = ['client-credentials', 'password', 'authorization-code', 'implicit'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const SENT_EMAIL_STATUS = ['sending', 'sent'] as const;
export type SentEmailStatus = (typeof SENT_EMAIL_STATUS)[number];

/** State of a donor channel as the nightly payment check records it (payment_status_change.state). */
export const PAYMENT_STATE = ['late', 'current'] as const;
export type PaymentState = (typeof PAYMENT_STATE)[number];

/** How a mailing consent (preference.send_mailing_lists) changed (mailing_consent_change.source). */
export const MAILING_CONSENT_SOURCE = ['signup', 'unsubscribe', 'staff', 'import'] as const;
export type MailingConsentSource = (typeof MAILING_CONSENT_SOURCE)[number];
/** Issue 19 §2: a mailing's life: edited, waiting for its time, going out, stopped by staff, finished. */
export const MAILING_STATUS = ['draft', 'scheduled', 'sending', 'cancelled', 'done'] as const;
export type MailingStatus = (typeof MAILING_STATUS)[number];
/** One recipient of a mailing: `sending` is a claim (see the worker's mailing-send job). */
export const MAILING_RECIPIENT_STATUS = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export const MAILING_SKIP_REASON = ['no_consent', 'no_email', 'inactive'] as const;

/** What raises an automatic message (issue 19 §3), in the transaction that makes the change. */
export const AUTOMATIC_TRIGGER = ['registered', 'first_payment', 'regular_late', 'regular_current', 'event_registration'] as const;
export type AutomaticTrigger = (typeof AUTOMATIC_TRIGGER)[number];
/** `once`: a person gets the message once ever; `each`: once per occurrence (each late payment…). */
export const AUTOMATIC_REPEAT = ['once', 'each'] as const;
