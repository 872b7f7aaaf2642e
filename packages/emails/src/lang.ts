/** The languages e-mails are written in; Czech is the default (operations.md §4). */
export const LANGS = ['cs', 'en'] as const;
export type Lang = (typeof LANGS)[number];
