import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedEmail } from './render.js';

export interface OutgoingEmail extends RenderedEmail {
  from: string;
  to: string;
  /** A stable Message-ID (e.g. from the outbox id), so a receiving system can spot a duplicate. */
  messageId?: string;
  /** Extra header lines, e.g. `List-Unsubscribe` (RFC 8058). */
  headers?: Record<string, string>;
  /** Files to attach (a donor's own tax confirmation, a mailing's attachment); the type is guessed from the name when absent. */
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>;
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

export interface MailerOptions {
  /** Connections kept open to the SMTP server (nodemailer pool). */
  maxConnections?: number;
}

/**
 * Bound on each wait of an SMTP exchange (connect, greeting, every reply). nodemailer's own
 * defaults (2 min to connect, 10 min of socket silence) would let a send hang for longer than
 * the worker's e-mail claim lease, after which a retry resends the message.
 */
export const SMTP_TIMEOUT_MS = 10_000;

/**
 * A nodemailer transport from a URL (`smtp://host:port`, `smtps://user:pass@host`), pooled so
 * that concurrent jobs share a few connections. `?ignoreTLS=true` and friends pass through.
 */
export function createMailer(smtpUrl: string, options: MailerOptions = {}): Mailer {
  const url = new URL(smtpUrl);
  url.searchParams.set('pool', 'true');
  if (options.maxConnections) url.searchParams.set('maxConnections', String(options.maxConnections));
  for (const key of ['connectionTimeout', 'greetingTimeout', 'socketTimeout', 'dnsTimeout']) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(SMTP_TIMEOUT_MS));
  }
  const transport: Transporter = createTransport(url.toString());
  return {
    async send({ from, to, subject, html, text, messageId, headers, attachments }) {
      const info = (await transport.sendMail({ from, to, subject, html, text, messageId, headers, attachments })) as {
        messageId: string;
        accepted: Array<string | { address: string }>;
      };
      return {
        messageId: info.messageId,
        accepted: info.accepted.map((a) => (typeof a === 'string' ? a : a.address)),
      };
    },
    close() {
      transport.close();
    },
  };
}
