import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { counts } from '../signups/helpers.js';

/** A local stand-in for hCaptcha/reCAPTCHA/Turnstile: `good` passes, anything else fails; records what it was sent. */
function useStubVerifier() {
  const seen: Array<Record<string, string>> = [];
  let server: Server | undefined;
  const stub = { url: '', seen, down: false };
  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(text));
        seen.push(form);
        if (stub.down) {
          res.writeHead(502).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ success: form.response === 'good' && form.secret === 'stub-secret' }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`;
  });
  beforeEach(() => {
    seen.length = 0;
    stub.down = false;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });
  return stub;
}

describe('optional CAPTCHA on registration, reset and the unknown-user endpoints (issue 7)', () => {
  const stub = useStubVerifier();
  // The verify URL is only known once the stub listens, so the env is read lazily through a getter.
  const env = {
    CAPTCHA_PROVIDER: 'hcaptcha',
    CAPTCHA_SECRET: 'stub-secret',
    TRUST_PROXY: 'true',
    get CAPTCHA_VERIFY_URL() {
      return stub.url;
    },
  } as Record<string, string>;
  const app = useKlubApp(env);
  const en = { 'accept-language': 'en', 'x-forwarded-for': '198.51.100.7' };

  const registration = (extra: Record<string, unknown> = {}) => ({
    email: 'new@example.org',
    password: 'Kocour-na-plote-2024',
    userchannels: [
      { money_account: 'bank_slug', event: 'event_slug', regular_amount: 100, regular_frequency: 'monthly' },
    ],
    ...extra,
  });

  async function setup() {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Unit' });
    await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'bank_slug' });
    return makeEvent(em, { slug: 'event_slug', name: 'Support', administrativeUnits: [unit] });
  }

  it('answers 400 {"captcha": [...]} without an answer, and writes nothing', async () => {
    await setup();
    const before = await counts(app);
    const res = await app.api('/api/register_userprofile/', { method: 'POST', json: registration(), headers: en });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ captcha: ['This field is required.'] });
    expect(await counts(app)).toEqual(before);
    expect(stub.seen).toEqual([]);
  });

  it('answers 400 for a rejected answer, in Czech by default', async () => {
    await setup();
    const res = await app.api('/api/register_userprofile/', { method: 'POST', json: registration({ captcha: 'bad' }) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ captcha: ['Odpověď CAPTCHA není platná. Zkuste to prosím znovu.'] });
  });

  it('registers with a good answer, sending the secret, the answer and the client address to the verifier', async () => {
    await setup();
    const res = await app.api('/api/register_userprofile/', {
      method: 'POST',
      json: registration({ 'h-captcha-response': 'good' }),
      headers: en,
    });
    expect(res.status).toBe(201);
    expect(stub.seen).toEqual([{ secret: 'stub-secret', response: 'good', remoteip: '198.51.100.7' }]);
  });

  it('guards the password reset, also taking the answer from the X-Captcha-Token header', async () => {
    const without = await app.api('/api/reset_password_email/', {
      method: 'POST',
      json: { email: 'a@example.org' },
      headers: en,
    });
    expect(without.status).toBe(400);
    expect(without.body).toEqual({ captcha: ['This field is required.'] });
    const withHeader = await app.api('/api/reset_password_email/', {
      method: 'POST',
      json: { email: 'a@example.org' },
      headers: { ...en, 'x-captcha-token': 'good' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('guards the unknown-user endpoints', async () => {
    const user = await app.user();
    for (const path of ['/api/sign_up_for_event/', '/api/volunteer/', '/api/apply_for_membership/']) {
      const res = await app.api(path, {
        method: 'POST',
        json: { email: 'p@example.org' },
        headers: { ...en, authorization: `Bearer ${user.access}` },
      });
      expect(res.status, path).toBe(400);
      expect(res.body, path).toEqual({ captcha: ['This field is required.'] });
    }
  });

  it('refuses when the verifier cannot be reached, and says why', async () => {
    stub.down = true;
    const res = await app.api('/api/reset_password_email/', {
      method: 'POST',
      json: { email: 'a@example.org', captcha: 'good' },
      headers: en,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ captcha: ['The CAPTCHA could not be verified. Please try again later.'] });
  });

  it('leaves the token endpoints and reads alone', async () => {
    const user = await app.user();
    expect(
      (await app.api('/api/token/', { method: 'POST', json: { username: user.username, password: user.password } }))
        .status,
    ).toBe(200);
    expect((await app.api('/api/event/')).status).toBe(200);
    expect(stub.seen).toEqual([]);
  });
});

describe('CAPTCHA_PROVIDER=none (the default)', () => {
  const app = useKlubApp();
  it('asks for no answer', async () => {
    const res = await app.api('/api/reset_password_email/', { method: 'POST', json: { email: 'a@example.org' } });
    expect(res.status).toBe(200);
  });
});
