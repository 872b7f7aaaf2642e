import { describe, expect, it } from 'vitest';
import { MSG, pickLang, translate, translateBody } from '../src/messages.js';

describe('framework messages (api.md §1.4)', () => {
  it('translates exact and parameterised messages to Czech', () => {
    expect(translate(MSG.notAuthenticated, 'cs')).toBe('Nebyly zadány přihlašovací údaje.');
    expect(translate(MSG.methodNotAllowed('PUT'), 'cs')).toBe('Metoda "PUT" není povolena.');
    expect(translate(MSG.slugDoesNotExist('slug', 'foo'), 'cs')).toBe('Objekt s slug=foo neexistuje.');
    expect(translate(MSG.invalidDate, 'cs')).toBe('Chybný formát data. Použijte jeden z těchto formátů: YYYY-MM-DD.');
    expect(translate('Passoword 1 and 2 doesnt match', 'cs')).toBe('Passoword 1 and 2 doesnt match');
    expect(translate(MSG.notFound, 'en')).toBe('Not found.');
  });

  it('translates every string of a body but keeps `code` values and keys', () => {
    expect(
      translateBody({ detail: MSG.userNotFound, code: 'user_not_found', email: [MSG.required] }, 'cs'),
    ).toEqual({ detail: 'Uživatel nenalezen', code: 'user_not_found', email: ['Toto pole je vyžadováno.'] });
  });

  it('picks the language from Accept-Language, Czech by default', () => {
    expect(pickLang(undefined)).toBe('cs');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('de-DE, en;q=0.5, cs;q=0.8')).toBe('cs');
    expect(pickLang('fr')).toBe('cs');
  });
});
