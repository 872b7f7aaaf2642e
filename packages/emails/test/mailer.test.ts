import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, passwordReset, renderEmail, type Mailer } from '../src/index.js';
import { startSmtpSink, type SmtpSink } from '../src/testing/smtp-sink.js';

describe('createMailer (stack.md §11)', () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    mailer = createMailer(sink.url);
  });
  afterAll(async () => {
    mailer.close();
    await sink.close();
  });

  it('delivers both parts with the sender, subject and Message-ID', async () => {
    const rendered = await renderEmail(
      passwordReset,
      { username: 'ann', link: 'https://w.example/?u=MQ&t=t', siteName: 'Klub' },
      'cs',
    );
    await mailer.send({
      ...rendered,
      from: 'Unit <unit@example.org>',
      to: 'ann@example.org',
      messageId: '<outbox-1@klub>',
    });
    const [mail] = await sink.waitFor(1);
    expect(mail!.from?.value).toEqual([{ name: 'Unit', address: 'unit@example.org' }]);
    expect((mail!.to as { text: string }).text).toBe('ann@example.org');
    expect(mail!.subject).toBe('Obnovení hesla');
    expect(mail!.messageId).toBe('<outbox-1@klub>');
    expect(mail!.text).toContain('https://w.example/?u=MQ&t=t');
    expect(mail!.html).toContain('href="https://w.example/?u=MQ&amp;t=t"');
  });
});
