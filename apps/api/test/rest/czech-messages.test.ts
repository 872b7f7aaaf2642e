import { describe, expect, it } from 'vitest';
import { makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';

/**
 * Czech is the default language (api.md §1.4), and a message DRF or Django also produces reads
 * as their Czech catalogues have it (issue 15 §5). A few pinned over HTTP, word for word.
 */
describe('Czech framework messages follow the DRF and Django catalogues', () => {
  const app = useKlubApp();

  async function setup() {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*mat', fromEmailStr: 'Auto*mat <a@automat.cz>' });
    await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'bank_slug' });
    await makeEvent(em, { slug: 'event_slug', name: 'Support' });
  }
  const register = (json: unknown) => app.api('/api/register_userprofile/', { method: 'POST', json });
  const valid = {
    username: 'tester12',
    password: 'Kocour-na-plote-2024',
    first_name: 'tester',
    last_name: 'dunnot',
    telephone: '+420 123 456 789',
    email: 'tester@example.org',
    userchannels: [
      { money_account: 'bank_slug', event: 'event_slug', regular_amount: 100, regular_frequency: 'monthly' },
    ],
  };

  it('field lengths and password rules (DRF CharField, Django password validators)', async () => {
    await setup();
    expect((await register({ ...valid, telephone: '123' })).body).toEqual({
      telephone: ['Zkontrolujte, že toto pole obsahuje alespoň 9 znaků.'],
    });
    expect((await register({ ...valid, first_name: 'x'.repeat(200) })).body).toEqual({
      first_name: ['Zkontrolujte, že toto pole není delší než 128 znaků.'],
    });
    expect((await register({ ...valid, password: '1234567' })).body).toEqual({
      password: [
        'Heslo je příliš krátké. Musí mít délku aspoň 8 znaků.',
        'Heslo je příliš běžné.',
        'Heslo se skládá pouze z čísel.',
      ],
    });
  });

  it('bodies that are not an object, and unsupported media types (DRF serializers and parsers)', async () => {
    expect((await register([1, 2])).body).toEqual({
      non_field_errors: ['Chybná data. Byl přijat typ list místo očekávaného slovníku.'],
    });
    const text = await app.api('/api/register_userprofile/', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text).toMatchObject({ status: 415, body: { detail: 'Nepodporovaný media type "text/plain" v požadavku.' } });
  });
});
