import { createElement } from 'react';
import { render } from '@react-email/components';
import type { Lang } from './lang.js';
import type { EmailTemplate } from './template.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A template with its props, in `lang`: the subject and both parts nodemailer sends. */
export async function renderEmail<P extends { lang: Lang }>(
  template: EmailTemplate<P>,
  props: Omit<P, 'lang'>,
  lang: Lang,
): Promise<RenderedEmail> {
  const full = { ...props, lang } as P;
  const element = createElement(template.component, full);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(full, lang), html, text };
}
