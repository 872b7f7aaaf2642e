import { z } from 'zod';

/**
 * How one environment value (always text) is read. Every variable of the schema (env.ts) is
 * built from these, so the API, the worker and the CLI read `on`, `8000` or `30/60` alike.
 */

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off', ''];

/** A flag: `1/true/yes/on` are true, `0/false/no/off` and the empty text are false (any case). */
export const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      const s = v.trim().toLowerCase();
      if (TRUE.includes(s)) return true;
      if (FALSE.includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false (also on/off, yes/no, 1/0)' });
      return z.NEVER;
    });

export const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    });

export const text = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : v));

/** Unset and empty are both "not given": `.env.example` lists optional variables with no value. */
export const optionalText = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v));

export const url = (fallback: string, protocols: string[]) =>
  text(fallback).refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );

export const list = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? fallback
        : v
            .split(/[\s,]+/)
            .map((s) => s.trim())
            .filter(Boolean),
    );

/** A rate limit written `N/S`: N requests per S seconds; `0` or `off` disables it. */
export interface RateLimit {
  points: number;
  seconds: number;
}

export const rate = (fallback: string) =>
  text(fallback).transform((v, ctx): RateLimit | null => {
    const s = v.trim().toLowerCase();
    if (s === '0' || s === 'off' || s === '') return null;
    const m = /^(\d+)\s*\/\s*(\d+)\s*s?$/.exec(s);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be N/S (N requests per S seconds) or off' });
      return z.NEVER;
    }
    return { points: Number(m[1]), seconds: Number(m[2]) };
  });

/** Express `trust proxy`: off, `true` (any), a hop count, or a list of addresses/subnets. */
export const trustProxy = text('').transform((v): boolean | number | string => {
  const s = v.trim().toLowerCase();
  // `1` is a hop count here, not "true".
  if (['', '0', 'false', 'no', 'off'].includes(s)) return false;
  if (['true', 'yes', 'on'].includes(s)) return true;
  if (/^\d+$/.test(s)) return Number(s);
  return v.trim();
});

export const timeZone = (fallback: string) =>
  text(fallback).refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone' },
  );
