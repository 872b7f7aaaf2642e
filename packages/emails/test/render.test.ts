import { describe, expect, it } from 'vitest';
import { LANGS, passwordReset, renderEmail, signupNotification, SIGNUP_KINDS } from '../src/index.js';

describe('renderEmail (STYLE.md §2.8)', () => {
  it('renders the password reset in Czech with the link, the username and the single-use note', async () => {
    const mail = await renderEmail(
      passwordReset,
      { username: 'ann', link: 'https://w.example/?u=NTc&t=abc-123', siteName: 'Klub' },
      'cs',
    );
    expect(mail.subject).toBe('Obnovení hesla');
    expect(mail.html.startsWith('<!DOCTYPE html')).toBe(true);
    expect(mail.text).toContain('https://w.example/?u=NTc&t=abc-123');
    expect(mail.text).toContain('Vaše uživatelské jméno: ann');
    expect(mail.text).toContain('pouze jednou');
    expect(mail.text).toContain('tým Klub');
  });

  it('puts the username before the link in English', async () => {
    const mail = await renderEmail(
      passwordReset,
      { username: 'ann', link: 'https://w.example/?u=NTc&t=x', siteName: 'Klub' },
      'en',
    );
    expect(mail.subject).toBe('Password reset');
    expect(mail.text.indexOf('Your username: ann')).toBeLessThan(mail.text.indexOf('https://w.example/?u=NTc&t=x'));
  });

  it('renders every sign-up kind in both languages with a distinct subject', async () => {
    const subjects = new Set<string>();
    for (const lang of LANGS) {
      for (const kind of SIGNUP_KINDS) {
        const mail = await renderEmail(signupNotification, { ...signupNotification.previewProps, kind }, lang);
        expect(mail.text).toContain('Auto*Mat');
        expect(mail.html).toContain('<html');
        subjects.add(mail.subject);
      }
    }
    expect(subjects.size).toBe(8);
  });

  it('names the event in the event sign-up', async () => {
    const mail = await renderEmail(
      signupNotification,
      { kind: 'event-signup', firstName: 'Ann', unitName: 'U', eventName: 'Cleanup', siteName: 'Klub' },
      'en',
    );
    expect(mail.subject).toBe('Your registration for Cleanup');
    expect(mail.text).toContain('Hello Ann,');
    expect(mail.text).toContain('“Cleanup”');
  });
});
