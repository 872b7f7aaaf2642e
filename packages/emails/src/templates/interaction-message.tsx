import { Text } from '@react-email/components';
import { Layout, paragraph } from '../components/layout.js';
import type { Lang } from '../lang.js';
import type { EmailTemplate } from '../template.js';

export interface InteractionMessageProps {
  lang: Lang;
  /** The interaction's subject (its type's name). */
  subject: string;
  /** The interaction's summary, sent as written (api.md §12.6, jobs.md §4.5 "individual"). */
  body: string;
  /** The sending unit's name, or the site name. */
  signature: string;
}

/** An interaction whose type has `send_email`: its subject and summary, nothing added but a frame. */
export function InteractionMessageEmail({ lang, subject, body, signature }: InteractionMessageProps) {
  return (
    <Layout lang={lang} preview={subject} signature={signature}>
      {body.split(/\n{2,}/).map((para, i) => (
        <Text key={i} style={{ ...paragraph, whiteSpace: 'pre-wrap' }}>
          {para}
        </Text>
      ))}
    </Layout>
  );
}

InteractionMessageEmail.PreviewProps = {
  lang: 'cs',
  subject: 'Registrace do akci',
  body: 'note:\n    alergie na včely\nCo si vezmete s sebou?:\n    stan',
  signature: 'Auto*Mat',
} satisfies InteractionMessageProps;

export const interactionMessage: EmailTemplate<InteractionMessageProps> = {
  name: 'interaction-message',
  component: InteractionMessageEmail,
  subject: (props) => props.subject,
  previewProps: InteractionMessageEmail.PreviewProps,
};

export default InteractionMessageEmail;
