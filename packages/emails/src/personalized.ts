import { renderEmail, type RenderedEmail } from './render.js';
import { mailing } from './templates/mailing.js';
import type { Lang } from './lang.js';

/** Text with per-person slots (`@klub/contracts` TSlotted). */
export type Slotted = ReadonlyArray<string | { slot: number }>;

export interface PersonalizedMailing {
  /** One person's copy: the slots' values in order and their unsubscribe link. */
  fill(values: readonly string[], unsubscribeUrl: string): RenderedEmail;
}

const MARK = (key: string) => `\u27e6${key}\u27e7`;
const MARKS = /\u27e6(\d+|u)\u27e7/g;
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const marked = (text: Slotted) => text.map((p) => (typeof p === 'string' ? p : MARK(String(p.slot)))).join('');

/**
 * A mailing rendered once with react-email, slots left as markers, so each of thousands of
 * copies costs a string replacement instead of a React render (issue 19 §2: ≥ 200 messages/s).
 * Values are HTML-escaped in the HTML part, as React would have escaped them.
 */
export async function prepareMailing(input: { lang: Lang; subject: Slotted; body: Slotted; signature: string }): Promise<PersonalizedMailing> {
  const subject = marked(input.subject);
  const frame = await renderEmail(mailing, { subject, body: marked(input.body), signature: input.signature, unsubscribeUrl: MARK('u') }, input.lang);
  return {
    fill(values, unsubscribeUrl) {
      const value = (key: string, escape: (s: string) => string) => escape(key === 'u' ? unsubscribeUrl : (values[Number(key)] ?? ''));
      return {
        subject: subject.replace(MARKS, (_, k: string) => value(k, (s) => s.replace(/\s+/g, ' '))),
        html: frame.html.replace(MARKS, (_, k: string) => value(k, escapeHtml)),
        text: frame.text.replace(MARKS, (_, k: string) => value(k, (s) => s)),
      };
    },
  };
}
