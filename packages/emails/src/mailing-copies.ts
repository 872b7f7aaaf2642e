import type { Lang } from './lang.js';
import type { OutgoingEmail } from './mailer.js';
import { prepareMailing, type PersonalizedMailing, type Slotted } from './personalized.js';

/** A mailing's texts in one language (`@klub/domain` mailingTexts). */
export interface MailingCopyTexts {
  lang: Lang;
  subject: Slotted;
  body: Slotted;
  unitName: string;
  from: string;
  attachment: string | null;
  administrativeUnitId: number;
}

/** Where the copies' content comes from (`@klub/domain` mailingCopySource). */
export interface MailingCopySource<P extends { profileId: number; language: Lang }> {
  mailingId: number;
  texts(lang: Lang): Promise<MailingCopyTexts>;
  /** The slot values of `texts` for one person. */
  fill(texts: MailingCopyTexts, person: P): string[];
  unsubscribeUrl(person: P, unitId: number): string;
  readAttachment(key: string): Promise<Buffer | undefined>;
  /** The copy's Message-ID (default `<mailing-<id>-<profile>@klub>`): a resent copy keeps it. */
  messageId?(person: P): string;
}

/**
 * A mailing's copies (issue 19 §2): the texts of each language rendered once (react-email) and
 * filled in per person, with the RFC 8058 one-click unsubscribe headers and the attachment.
 */
export class MailingCopies<P extends { profileId: number; language: Lang }> {
  private readonly prepared = new Map<Lang, Promise<{ texts: MailingCopyTexts; mail: PersonalizedMailing }>>();
  private attachment: Promise<Array<{ filename: string; content: Buffer }>> | undefined;

  constructor(private readonly source: MailingCopySource<P>) {}

  private forLanguage(lang: Lang) {
    let p = this.prepared.get(lang);
    if (!p) {
      p = this.source.texts(lang).then(async (texts) => ({
        texts,
        mail: await prepareMailing({ lang: texts.lang, subject: texts.subject, body: texts.body, signature: texts.unitName }),
      }));
      this.prepared.set(lang, p);
    }
    return p;
  }

  private attachments(key: string | null) {
    this.attachment ??= key
      ? this.source.readAttachment(key).then((content) => {
          if (!content) throw new Error(`the attachment ${key} of mailing ${this.source.mailingId} is missing from the file storage`);
          // Stored as `<kind>/<random>-<name>` (@klub/storage): the person sees the name.
          return [{ filename: key.slice(key.lastIndexOf('/') + 1).replace(/^[0-9a-f]{8,}-/, ''), content }];
        })
      : Promise.resolve([]);
    return this.attachment;
  }

  /** The texts the copies of `lang` are made from. */
  async texts(lang: Lang): Promise<MailingCopyTexts> {
    return (await this.forLanguage(lang)).texts;
  }

  /** One person's copy, addressed to `to`. */
  async copy(person: P, to: string): Promise<OutgoingEmail> {
    const { texts, mail } = await this.forLanguage(person.language);
    const link = this.source.unsubscribeUrl(person, texts.administrativeUnitId);
    return {
      ...mail.fill(this.source.fill(texts, person), link),
      from: texts.from,
      to,
      messageId: this.source.messageId?.(person) ?? `<mailing-${this.source.mailingId}-${person.profileId}@klub>`,
      headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      attachments: await this.attachments(texts.attachment),
    };
  }
}
