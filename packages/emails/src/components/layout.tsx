import type { ReactNode } from 'react';
import { Body, Container, Head, Html, Preview, Section, Text } from '@react-email/components';
import type { Lang } from '../lang.js';

const body = { backgroundColor: '#f4f4f5', fontFamily: 'Helvetica, Arial, sans-serif', color: '#18181b' };
const container = { backgroundColor: '#ffffff', margin: '24px auto', padding: '24px 32px', maxWidth: '560px' };
const footer = { color: '#71717a', fontSize: '13px', marginTop: '24px' };

export interface LayoutProps {
  lang: Lang;
  /** The inbox preview line. */
  preview: string;
  /** Signature, e.g. "tým Klub přátel". */
  signature: string;
  children: ReactNode;
}

/** The frame every Klub e-mail shares: one white column, a signature line. */
export function Layout({ lang, preview, signature, children }: LayoutProps) {
  return (
    <Html lang={lang}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Section>{children}</Section>
          <Text style={footer}>{signature}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const paragraph = { fontSize: '15px', lineHeight: '22px', margin: '0 0 14px' };
