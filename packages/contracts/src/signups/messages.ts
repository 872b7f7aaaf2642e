/**
 * Project-specific messages of the people, donation and integration endpoints (api.md §6, §8,
 * §9, §10). They are fixed strings of the contract; the Czech forms of the ones api.md gives
 * in Czech, and Django's own password-validator texts, are in `messages.ts`.
 */
export const PEOPLE_MSG = {
  telephone: 'Telephone must consist of numbers, spaces and plus sign',
  eventWithoutUnit: 'Event has no administrative unit.',
  passwordTooShort: (n: number) => `This password is too short. It must contain at least ${n} characters.`,
  passwordTooCommon: 'This password is too common.',
  passwordEntirelyNumeric: 'This password is entirely numeric.',
  passwordsDoNotMatch: 'Passoword 1 and 2 doesnt match',
  darujmeUnreachable: 'Can not connect to Darujme to check payment',
  channelNotFound: 'Donor payment Channel with this event/money_account/VS doesnt exist',
  noPaymentInWindow: 'Payment since registered payment + 14 days doesnt exist ',
  emailDoesNotExist: 'Email Does not exist',
  notPaid: 'Payment for last month doesnt exist',
  pdfNotFound: 'PDF doesnt exist',
  crnFormat:
    'IČO není zadáno ve správném formátu. Zkontrolujte že číslo má osm číslic a případně ho doplňte nulami zleva.',
  crnNotNumber: 'IČO musí být číslo',
} as const;
