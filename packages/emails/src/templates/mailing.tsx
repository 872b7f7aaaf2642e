import { Link, Text } from '@react-email/components';
import { Layout, paragraph } from '../components/layout.js';
import type { Lang } from '../lang.js';
import type { EmailTemplate } from '../template.js';

export interface MailingProps {
  lang: Lang;
  subject: string;
  /** Plain text; blank lines separate paragraphs. */
  body: string;
  /** The unit's name. */
  signature: string;
  /** One-click unsubscribe from the unit's mailings (RFC 8058 link). */
  unsubscribeUrl: string;
}

const footer = { color: '#71717a', fontSize: '12px', marginTop: '16px' };
const UNSUBSCRIBE: Record<Lang, string> = {
  cs: 'Nechcete dostávat tyto e-maily? Odhlásit se',
  en: 'Don’t want these e-mails? Unsubscribe',
};

/** A mass e-mail of a unit (issue 19 §2): the staff's text, the unit's name, an unsubscribe link. */
export function MailingEmail({ lang, subject, body, signature, unsubscribeUrl }: MailingProps) {
  return (
    <Layout lang={lang} preview={subject} signature={signature}>
      {body.split(/\n{2,}/).map((para, i) => (
        <Text key={i} style={{ ...paragraph, whiteSpace: 'pre-wrap' }}>
          {para}
        </Text>
      ))}
      <Text style={footer}>
        <Link href={unsubscribeUrl}>{UNSUBSCRIBE[lang]}</Link>
      </Text>
    </Layout>
  );
}

MailingEmail.PreviewProps = {
  lang: 'cs',
  subject: 'Podzimní novinky',
  body: 'Vážená přítelkyně,\n\nděkujeme za vaši podporu.',
  signature: 'Auto*Mat',
  unsubscribeUrl: 'https://klub.example.org/api/unsubscribe/x/',
} satisfies MailingProps;

export const mailing: EmailTemplate<MailingProps> = {
  name: 'mailing',
  component: MailingEmail,
  subject: (props) => props.subject,
  previewProps: MailingEmail.PreviewProps,
};

export default MailingEmail;
