import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_KEY_NOTICE } from '@klub/db';
import { dropTestDatabase, prepareTestDatabase, testDatabaseUrl } from '@klub/db/testing';
import { createUserAccount } from '@klub/domain';
import { API_DIR, WORKER_DIR, freePort, run, startApi, type Child } from '../faults/helpers.js';

/**
 * Issue 15 §1: no signing key anyone can know. Two API processes of one new installation,
 * started at once with no SECRET_KEY (and NODE_ENV=production), on a database of their own.
 */

const REPO_ROOT = new URL('../../../..', import.meta.url);

/** Keys this repository once held in its source or configuration (before issue 15). */
const OLD_KEYS = ['dev-insecure-secret-key-change-me', 'change-me-in-production', 'bench-secret-key', 'fault-test-secret'];

/**
 * Every string a reader of the repository finds: quoted literals ('…', "…", `…`, raw and with
 * their escapes read) and the values of `KEY=value` / `key: value` lines (.env, YAML, Dockerfile)
 * of every tracked file.
 */
function repositoryStrings(): Set<string> {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  const found = new Set<string>(OLD_KEYS);
  const quoted = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  const assignment = /^\s*(?:export\s+|ENV\s+|-\s+)?["']?[\w.-]+["']?\s*[:=]\s*(.*?)\s*$/gm;
  const unescape = (s: string) => s.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'x') return String.fromCodePoint(parseInt(e.replace(/[ux{}]/g, ''), 16));
    return ({ n: '\n', t: '\t', r: '\r', 0: '\0' } as Record<string, string>)[e] ?? e;
  });
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(new URL(file, REPO_ROOT), 'utf8');
    } catch {
      continue; // listed but absent (a deleted file not yet committed)
    }
    if (text.includes('\0')) continue;
    for (const m of text.matchAll(quoted)) {
      const raw = m[1] ?? m[2] ?? m[3] ?? '';
      found.add(raw);
      found.add(unescape(raw));
    }
    for (const m of text.matchAll(assignment)) {
      const value = m[1] ?? '';
      found.add(value);
      found.add(value.replace(/^(["'])(.*)\1,?$/, '$2'));
    }
  }
  return found;
}

const b64 = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

/** An HS256 access token as simplejwt issues them, signed with `key` (any string, the empty one too). */
function forge(key: string, userId: number): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ token_type: 'access', user_id: userId, exp: now + 300, iat: now, jti: 'f'.repeat(32) })}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

describe('the signing key of an installation started without SECRET_KEY (issue 15 §1)', () => {
  const url = testDatabaseUrl(`klub_api_signing_key_${process.pid}`);
  let orm: MikroORM;
  let apis: Child[] = [];
  let bases: string[] = [];
  let superuser: { id: number; username: string; password: string };

  beforeAll(async () => {
    orm = await prepareTestDatabase(url);
    const profile = await createUserAccount(orm.em.fork(), {
      username: 'root',
      email: 'root@example.org',
      password: 'a long enough password',
      isStaff: true,
      isSuperuser: true,
    });
    superuser = { id: profile.id, username: 'root', password: 'a long enough password' };
    const ports = [await freePort(), await freePort()];
    // Both at once on the new database: they race to make the key and must agree.
    const env = { DATABASE_URL: url, SECRET_KEY: '', RATE_LIMIT_ENABLED: 'false', QUEUE_PREFIX: `klub_signing_${process.pid}` };
    apis = await Promise.all(ports.map((port) => startApi(port, env)));
    bases = ports.map((port) => `http://127.0.0.1:${port}`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await orm?.close(true);
    await dropTestDatabase(url);
  });

  const whoami = (base: string, token: string) =>
    fetch(`${base}/api/frontend/whoami/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

  it('is generated once, kept in the database and told once, without being logged', async () => {
    const [row] = await orm.em.getConnection().execute<Array<{ secret_key: string }>>('select secret_key from installation_secret');
    expect(Buffer.from(row!.secret_key, 'base64url')).toHaveLength(32);
    const lines = apis.flatMap((a) => a.lines);
    expect(lines.filter((l) => l.msg === GENERATED_KEY_NOTICE && l.level === 'warn')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(row!.secret_key);
    // The forging below is right: signed with the installation's key, the same token is accepted.
    expect((await whoami(bases[0]!, forge(row!.secret_key, superuser.id))).status).toBe(200);
  });

  it('refuses with 403 a token signed with any string found in the repository', async () => {
    const candidates = [...repositoryStrings()];
    expect(candidates.length).toBeGreaterThan(5_000);
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const lane = async () => {
      while (next < candidates.length) {
        const key = candidates[next++]!;
        const res = await whoami(bases[next % 2]!, forge(key, superuser.id));
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 403) accepted.push(key);
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    expect(accepted).toEqual([]);
    expect(Object.fromEntries(statuses)).toEqual({ 403: candidates.length });
  }, 300_000);

  it('is shared: each process accepts the tokens the other issued', async () => {
    const pairs: Array<[string, string]> = [
      [bases[0]!, bases[1]!],
      [bases[1]!, bases[0]!],
    ];
    for (const [issuer, verifier] of pairs) {
      const login = await fetch(`${issuer}/api/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ username: superuser.username, password: superuser.password }),
      });
      expect(login.status).toBe(200);
      const { access, refresh } = (await login.json()) as { access: string; refresh: string };
      const me = await whoami(verifier, access);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: superuser.id, is_superuser: true });
      const refreshed = await fetch(`${verifier}/api/token/refresh/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refresh }),
      });
      expect(refreshed.status).toBe(200);
    }
  });
});

describe('a SECRET_KEY shorter than 32 bytes (issue 15 §1)', () => {
  it('stops the API and the worker at start with a message naming SECRET_KEY, not the key', async () => {
    const short = 'a-31-byte-key-nobody-should-use';
    expect(Buffer.byteLength(short)).toBe(31);
    for (const dir of [API_DIR, WORKER_DIR]) {
      const child = run(dir, { NODE_ENV: 'production', SECRET_KEY: short, PORT: String(await freePort()) });
      expect(await child.exited).toBe(1);
      const text = child.lines.map((l) => (typeof l.text === 'string' ? l.text : JSON.stringify(l))).join('\n');
      expect(text).toContain('Invalid environment variable SECRET_KEY: must be at least 32 bytes');
      expect(text).not.toContain(short);
    }
  }, 60_000);
});
