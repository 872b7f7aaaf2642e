import { currentLanguage } from './i18n/index.js';

/** The organisation's time zone: every date and time the app shows is in it, wherever the browser is. */
export const TIME_ZONE = 'Europe/Prague';

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'cs-CZ');

export function formatMoney(amount: number | string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const n = typeof amount === 'number' ? amount : Number(amount);
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'CZK',
    maximumFractionDigits: Number.isInteger(n) ? 0 : 2,
  }).format(n);
}

/** A calendar date (`YYYY-MM-DD` from the API) shown as is, with no time-zone shift. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: 'medium' }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  }
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(new Date(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}
