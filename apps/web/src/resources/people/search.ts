import { z } from 'zod';
import { ZListSearch } from '../../components/list-search.js';

const DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
const FLAG = z.boolean().optional().catch(undefined);

/** The people list's URL: every filter, the sort and the page, so a filtered list is a link. */
export const ZPeopleSearch = ZListSearch.extend({
  search: z.string().optional().catch(undefined),
  administrative_unit: z.number().int().optional().catch(undefined),
  regular: FLAG,
  late: FLAG,
  last_payment_from: DATE,
  last_payment_to: DATE,
  mailing_consent: FLAG,
});
export type PeopleSearch = z.infer<typeof ZPeopleSearch>;

/** The retention screen's URL: the page and, when not the configured default, the years of inactivity. */
export const ZRetentionSearch = ZListSearch.extend({
  years: z.number().int().min(1).max(100).optional().catch(undefined),
});

export const PERSON_TABS = [
  'details',
  'contacts',
  'donations',
  'interactions',
  'events',
  'preferences',
  'history',
  'privacy',
] as const;
export type PersonTab = (typeof PERSON_TABS)[number];
