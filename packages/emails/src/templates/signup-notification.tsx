import { Text } from '@react-email/components';
import { Layout, paragraph } from '../components/layout.js';
import type { Lang } from '../lang.js';
import type { EmailTemplate } from '../template.js';

export const SIGNUP_KINDS = ['event-signup', 'volunteer', 'membership', 'registration'] as const;
export type SignupKind = (typeof SIGNUP_KINDS)[number];

export interface SignupNotificationProps {
  lang: Lang;
  kind: SignupKind;
  firstName: string;
  /** The administrative unit the person signed up with; it signs the message. */
  unitName: string | null;
  eventName: string | null;
  /** Signature when there is no unit. */
  siteName: string;
}

interface Copy {
  subject: string;
  lines: string[];
}

const quoteCs = (s: string) => `„${s}“`;
const quoteEn = (s: string) => `“${s}”`;

function copy({ lang, kind, unitName, eventName }: SignupNotificationProps): Copy {
  if (lang === 'cs') {
    const inUnit = unitName ? ` v organizaci ${unitName}` : '';
    switch (kind) {
      case 'event-signup':
        return {
          subject: eventName ? `Přihláška na akci ${eventName}` : 'Přihláška na akci',
          lines: [
            `děkujeme, vaši přihlášku na akci${eventName ? ` ${quoteCs(eventName)}` : ''} jsme přijali.`,
            'Organizátoři se vám ozvou s podrobnostmi.',
          ],
        };
      case 'volunteer':
        return {
          subject: 'Děkujeme za nabídku pomoci',
          lines: [`děkujeme za vaši nabídku pomoci${inUnit}.`, 'Brzy se vám ozveme.'],
        };
      case 'membership':
        return {
          subject: 'Žádost o členství přijata',
          lines: [`vaši žádost o členství${inUnit} jsme přijali.`, 'O jejím vyřízení vás budeme informovat.'],
        };
      case 'registration':
        return {
          subject: 'Vítejte v klubu',
          lines: [`děkujeme za registraci${inUnit}.`, 'Váš účet je připraven.'],
        };
    }
  }
  const withUnit = unitName ? ` with ${unitName}` : '';
  switch (kind) {
    case 'event-signup':
      return {
        subject: eventName ? `Your registration for ${eventName}` : 'Your event registration',
        lines: [
          `thank you, we have received your registration for${eventName ? ` ${quoteEn(eventName)}` : ' the event'}.`,
          'The organisers will get in touch with the details.',
        ],
      };
    case 'volunteer':
      return {
        subject: 'Thank you for offering to help',
        lines: [`thank you for offering to volunteer${withUnit}.`, 'We will be in touch soon.'],
      };
    case 'membership':
      return {
        subject: 'Membership application received',
        lines: [
          `we have received your membership application${withUnit}.`,
          'We will let you know once it is processed.',
        ],
      };
    case 'registration':
      return {
        subject: 'Welcome to the club',
        lines: [`thank you for registering${withUnit}.`, 'Your account is ready.'],
      };
  }
}

/** Confirmation of an event sign-up, volunteer offer, membership application or registration (api.md §12.6). */
export function SignupNotificationEmail(props: SignupNotificationProps) {
  const { lang, firstName, unitName, siteName } = props;
  const { subject, lines } = copy(props);
  const greeting = lang === 'cs' ? 'Dobrý den,' : firstName ? `Hello ${firstName},` : 'Hello,';
  const signature = lang === 'cs' ? `S pozdravem, ${unitName ?? siteName}` : `Best regards, ${unitName ?? siteName}`;
  return (
    <Layout lang={lang} preview={subject} signature={signature}>
      <Text style={paragraph}>{greeting}</Text>
      {lines.map((line) => (
        <Text key={line} style={paragraph}>
          {line}
        </Text>
      ))}
    </Layout>
  );
}

SignupNotificationEmail.PreviewProps = {
  lang: 'cs',
  kind: 'event-signup',
  firstName: 'Jana',
  unitName: 'Auto*Mat',
  eventName: 'Zažít město jinak',
  siteName: 'Klub přátel',
} satisfies SignupNotificationProps;

export const signupNotification: EmailTemplate<SignupNotificationProps> = {
  name: 'signup-notification',
  component: SignupNotificationEmail,
  subject: (props, lang) => copy({ ...props, lang }).subject,
  previewProps: SignupNotificationEmail.PreviewProps,
};

export default SignupNotificationEmail;
