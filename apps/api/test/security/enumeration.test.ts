import { describe, expect, it } from 'vitest';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';

type Probe = { path: string; json: Record<string, unknown> };

/** Median answer time of each probe, measured interleaved so machine noise hits both alike. */
async function medians(app: KlubApp, probes: Probe[], rounds = 11): Promise<number[]> {
  const times: number[][] = probes.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, p] of probes.entries()) {
      const t = performance.now();
      await app.api(p.path, { method: 'POST', json: p.json });
      times[i]!.push(performance.now() - t);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/** Same status, same body, whether or not the account exists. */
async function sameAnswer(app: KlubApp, a: Probe, b: Probe) {
  const [x, y] = [
    await app.api(a.path, { method: 'POST', json: a.json }),
    await app.api(b.path, { method: 'POST', json: b.json }),
  ];
  expect({ status: y.status, body: y.body }).toEqual({ status: x.status, body: x.body });
  return x;
}

/** Within a factor of 1.6 plus 10 ms of each other: a timing difference an attacker could read would be far larger (a skipped hash is ~20 ms). */
function expectSimilar([known, unknown]: number[]) {
  expect(Math.abs(known! - unknown!), `known ${known!.toFixed(1)} ms, unknown ${unknown!.toFixed(1)} ms`).toBeLessThan(
    Math.min(known!, unknown!) * 0.6 + 10,
  );
}

describe('no user enumeration (issue 7)', () => {
  const app = useKlubApp();

  it('POST /api/token/: a wrong password and an unknown user answer alike, in similar time', async () => {
    const user = await app.user();
    const known = { path: '/api/token/', json: { username: user.username, password: 'wrong password' } };
    const unknown = { path: '/api/token/', json: { username: 'nobody-here', password: 'wrong password' } };
    expect((await sameAnswer(app, known, unknown)).status).toBe(401);
    expectSimilar(await medians(app, [known, unknown]));
  });

  it('POST /api/auth/login/: a wrong password and an unknown user answer alike, in similar time', async () => {
    const user = await app.user();
    const known = { path: '/api/auth/login/', json: { username: user.username, password: 'wrong password' } };
    const unknown = { path: '/api/auth/login/', json: { username: 'nobody-here', password: 'wrong password' } };
    expect((await sameAnswer(app, known, unknown)).status).toBe(400);
    expectSimilar(await medians(app, [known, unknown]));
  });

  it('POST /api/o/token/ (password grant): a wrong password and an unknown user answer alike', async () => {
    const user = await app.user();
    const { clientId, clientSecret } = await app.client('read');
    const base = {
      grant_type: 'password',
      client_id: clientId,
      client_secret: clientSecret,
      password: 'wrong password',
    };
    const res = await sameAnswer(
      app,
      { path: '/api/o/token/', json: { ...base, username: user.username } },
      { path: '/api/o/token/', json: { ...base, username: 'nobody-here' } },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('POST /api/reset_password_email/: known and unknown addresses answer alike, in similar time', async () => {
    const user = await app.user({ email: 'known@example.org' });
    void user;
    const known = { path: '/api/reset_password_email/', json: { email: 'known@example.org' } };
    const unknown = { path: '/api/reset_password_email/', json: { email: 'unknown@example.org' } };
    const res = await sameAnswer(app, known, unknown);
    expect([res.status, res.text]).toEqual([200, '']);
    expectSimilar(await medians(app, [known, unknown]));
  });
});
