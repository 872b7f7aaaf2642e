import { Text } from '@react-email/components';
import { Layout, paragraph } from '../components/layout.js';
import type { Lang } from '../lang.js';
import type { EmailTemplate } from '../template.js';

export interface TaxConfirmationProps {
  lang: Lang;
  year: number;
  /** The issuing unit, also the signature. */
  unitName: string;
}

const TEXT = {
  cs: {
    subject: (year: number) => `Potvrzení o daru za rok ${year}`,
    greeting: 'Dobrý den,',
    body: (year: number) =>
      `v příloze vám posíláme potvrzení o přijetí daru za rok ${year}, které si můžete uplatnit ve svém daňovém přiznání.`,
    thanks: 'Děkujeme za vaši podporu.',
  },
  en: {
    subject: (year: number) => `Confirmation of donations in ${year}`,
    greeting: 'Hello,',
    body: (year: number) => `attached is the confirmation of your donations in ${year}, for your tax return.`,
    thanks: 'Thank you for your support.',
  },
} as const;

/** A donor's tax confirmation (issue 20): a service message with only their own PDF attached. */
export function TaxConfirmationEmail({ lang, year, unitName }: TaxConfirmationProps) {
  const t = TEXT[lang];
  return (
    <Layout lang={lang} preview={t.subject(year)} signature={unitName}>
      <Text style={paragraph}>{t.greeting}</Text>
      <Text style={paragraph}>{t.body(year)}</Text>
      <Text style={paragraph}>{t.thanks}</Text>
    </Layout>
  );
}

TaxConfirmationEmail.PreviewProps = { lang: 'cs', year: 2026, unitName: 'Klub přátel' } satisfies TaxConfirmationProps;

export const taxConfirmation: EmailTemplate<TaxConfirmationProps> = {
  name: 'tax-confirmation',
  component: TaxConfirmationEmail,
  subject: (props, lang) => TEXT[lang].subject(props.year),
  previewProps: TaxConfirmationEmail.PreviewProps,
};

export default TaxConfirmationEmail;
