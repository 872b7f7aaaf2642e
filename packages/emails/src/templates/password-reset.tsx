import { Link, Text } from '@react-email/components';
import { Layout, paragraph } from '../components/layout.js';
import type { Lang } from '../lang.js';
import type { EmailTemplate } from '../template.js';

export interface PasswordResetProps {
  lang: Lang;
  /** The login name quoted in the message (jobs.md §4.2). */
  username: string;
  /** `<WEB_URL>?u=<uid>&t=<token>` (api.md §6.2). */
  link: string;
  /** Signature: "team <SITE_NAME>". */
  siteName: string;
}

const TEXT = {
  cs: {
    subject: 'Obnovení hesla',
    greeting: 'Dobrý den,',
    requested:
      'obdrželi jsme žádost o obnovení hesla k vašemu účtu v klubu. Pokud jste o obnovení nežádali, tento e-mail prosím ignorujte.',
    click: 'Nové heslo si nastavíte kliknutím na tento odkaz:',
    once: 'Odkaz lze použít pouze jednou.',
    username: 'Vaše uživatelské jméno:',
    team: (site: string) => `S pozdravem, tým ${site}`,
  },
  en: {
    subject: 'Password reset',
    greeting: 'Hello,',
    requested:
      'we received a request to reset the password of your account in the club. If you did not ask for it, please ignore this e-mail.',
    click: 'To set a new password, click this link:',
    once: 'The link can be used only once.',
    username: 'Your username:',
    team: (site: string) => `Sincerely, the ${site} team`,
  },
} as const;

/** The password-reset e-mail (jobs.md §4.2, api.md §6.2). English puts the username before the link. */
export function PasswordResetEmail({ lang, username, link, siteName }: PasswordResetProps) {
  const t = TEXT[lang];
  const usernameLine = (
    <Text style={paragraph}>
      {`${t.username} `}
      <strong>{username}</strong>
    </Text>
  );
  return (
    <Layout lang={lang} preview={t.subject} signature={t.team(siteName)}>
      <Text style={paragraph}>{t.greeting}</Text>
      <Text style={paragraph}>{t.requested}</Text>
      {lang === 'en' ? usernameLine : null}
      <Text style={paragraph}>{t.click}</Text>
      <Text style={paragraph}>
        <Link href={link}>{link}</Link>
      </Text>
      <Text style={paragraph}>{t.once}</Text>
      {lang === 'cs' ? usernameLine : null}
    </Layout>
  );
}

PasswordResetEmail.PreviewProps = {
  lang: 'cs',
  username: 'jan.novak',
  link: 'https://klub.example.org/reset-password?u=NTc&t=cbk5xa-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  siteName: 'Klub přátel',
} satisfies PasswordResetProps;

export const passwordReset: EmailTemplate<PasswordResetProps> = {
  name: 'password-reset',
  component: PasswordResetEmail,
  subject: (_props, lang) => TEXT[lang].subject,
  previewProps: PasswordResetEmail.PreviewProps,
};

export default PasswordResetEmail;
