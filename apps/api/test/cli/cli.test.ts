import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { AdministrativeUnit, Event, OAuthApplication, Profile, initOrm } from '@klub/db';
import { resetDatabase } from '@klub/db/testing';
import { verifyPassword } from '@klub/domain';
import pg from 'pg';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const ENSURE_ENV = fileURLToPath(new URL('../../../../scripts/ensure-env.sh', import.meta.url));

async function klub(...args: Array<string | Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = args.find((a): a is Record<string, string> => typeof a !== 'string') ?? {};
  const argv = args.filter((a): a is string => typeof a === 'string');
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...argv], {
      env: { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('pnpm klub (operations.md §2)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
  });
  afterAll(async () => {
    await orm.close();
  });
  beforeEach(async () => {
    await resetDatabase(orm);
  });

  it('createsuperuser creates an active staff superuser with a hashed password, once', async () => {
    const ok = await klub('createsuperuser', '--username', 'admin', '--email', 'Admin@Example.org', '--password', 'a long secret');
    expect(ok.code).toBe(0);
    const admin = await orm.em.fork().findOneOrFail(Profile, { username: 'admin' });
    expect(admin).toMatchObject({ isSuperuser: true, isStaff: true, isActive: true, email: 'admin@example.org' });
    expect((await verifyPassword(admin.password, 'a long secret')).ok).toBe(true);

    const again = await klub('createsuperuser', '--username', 'admin', '--email', 'other@example.org', '--password', 'x');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username');
    const sameEmail = await klub('createsuperuser', '--username', 'admin2', '--email', 'ADMIN@example.org', '--password', 'x');
    expect(sameEmail.code).toBe(1);
    expect(sameEmail.stderr).toContain('email');
    // Three CLI processes, each starting Node and the ORM: under a loaded CI machine that came
    // within a second of the default 30 s.
  }, 90_000);

  it('create-oauth-app prints the credentials once as JSON and stores only the secret hash', async () => {
    const res = await klub('create-oauth-app', '--name', 'forms', '--scopes', 'read write can_create_profiles');
    expect(res.code).toBe(0);
    const printed = JSON.parse(res.stdout.trim()) as { client_id: string; client_secret: string };
    expect(Object.keys(printed)).toEqual(['client_id', 'client_secret']);
    const app = await orm.em.fork().findOneOrFail(OAuthApplication, { clientId: printed.client_id });
    expect(app.defaultScopes).toBe('read write can_create_profiles');
    expect(app.authorizationGrantType).toBe('client-credentials');
    expect(app.clientSecretHash).not.toContain(printed.client_secret);

    const bad = await klub('create-oauth-app', '--name', 'x', '--scopes', 'read superpowers');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('superpowers');
  });

  it('a command’s writes are announced by PostgreSQL, so running APIs drop their cached answers', async () => {
    const listener = new pg.Client({ connectionString: inject('apiDatabaseUrl') });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push((n.payload ?? '').split(' ')[0]!));
    await listener.query('LISTEN klub_table_changes');
    try {
      expect((await klub('seed-demo')).code).toBe(0);
      for (let i = 0; i < 50 && !heard.includes('event'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual(expect.arrayContaining(['event', 'administrative_unit']));
    } finally {
      await listener.end();
    }
  });

  it('migrate --seed-demo-if-empty loads nothing into a database that scripts/ensure-env.sh did not create', async () => {
    const res = await klub('migrate', '--seed-demo-if-empty');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('not created by scripts/ensure-env.sh');
    expect(await orm.em.fork().count(AdministrativeUnit, {})).toBe(0);
    expect(await orm.em.fork().count(Event, {})).toBe(0);
  });

  it('rejects an unknown command with usage and exit 1', async () => {
    const res = await klub('frobnicate');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('unknown command');
  });
});

/**
 * Demo data goes only into a database that `scripts/ensure-env.sh` created on this machine
 * (issue 15 §5), and never with NODE_ENV=production: each case runs the real script and the
 * real CLI against a database of its own.
 */
describe('pnpm start\'s demo data (migrate --seed-demo-if-empty)', () => {
  const server = inject('apiDatabaseUrl').replace(/\/[^/]*$/, '');
  const made: string[] = [];
  let n = 0;
  const counter = async (url: string) => {
    const o = await initOrm(url);
    try {
      return { units: await o.em.fork().count(AdministrativeUnit, {}), events: await o.em.fork().count(Event, {}) };
    } finally {
      await o.close();
    }
  };
  /** A fresh database made by ensure-env.sh's own database step. */
  async function ensureEnvDatabase(): Promise<string> {
    const url = `${server}/klub_demo_${process.pid}_${++n}`;
    made.push(url);
    await run('bash', [ENSURE_ENV, 'database'], { env: { ...process.env, DATABASE_URL: url } });
    return url;
  }
  afterAll(async () => {
    for (const url of made) await run('psql', [`${server}/postgres`, '-qc', `drop database if exists "${url.split('/').pop()!}" with (force)`]);
  });

  it('fills an empty database made by ensure-env.sh once, and leaves it alone afterwards', async () => {
    const url = await ensureEnvDatabase();
    const first = await klub('migrate', '--seed-demo-if-empty', { DATABASE_URL: url });
    expect(first.code, first.stderr).toBe(0);
    // A back-office account with a password generated for this database, printed once.
    const [, username, password] = /sign in as "([^"]+)" with the password "([^"]+)"/.exec(first.stdout) ?? [];
    expect(username).toBe('demo-admin');
    expect(password).toMatch(/^[\w-]{16}$/);
    const o = await initOrm(url);
    try {
      const admin = await o.em.fork().findOneOrFail(Profile, { username: 'demo-admin' });
      expect(admin.isSuperuser).toBe(true);
      expect((await verifyPassword(admin.password, password!)).ok).toBe(true);
    } finally {
      await o.close();
    }
    const seeded = await counter(url);
    expect(seeded.units).toBeGreaterThan(0);
    expect(seeded.events).toBeGreaterThan(0);
    const again = await klub('migrate', '--seed-demo-if-empty', { DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('sign in as');
    expect(await counter(url)).toEqual(seeded);
    // Two CLI runs under tsx and the demo data: slow on a loaded machine.
  }, 120_000);

  it('never with NODE_ENV=production, even into a database made by ensure-env.sh', async () => {
    const url = await ensureEnvDatabase();
    const res = await klub('migrate', '--seed-demo-if-empty', {
      DATABASE_URL: url,
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(32).toString('hex'),
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('NODE_ENV=production');
    expect(await counter(url)).toEqual({ units: 0, events: 0 });
  });

  it('never into a database created some other way; `pnpm klub seed-demo` loads it on purpose', async () => {
    const url = `${server}/klub_demo_${process.pid}_${++n}`;
    made.push(url);
    await run('psql', [`${server}/postgres`, '-qc', `create database "${url.split('/').pop()!}"`]);
    expect((await klub('migrate', '--seed-demo-if-empty', { DATABASE_URL: url })).code).toBe(0);
    expect(await counter(url)).toEqual({ units: 0, events: 0 });
    expect((await klub('seed-demo', { DATABASE_URL: url })).code).toBe(0);
    expect((await counter(url)).events).toBeGreaterThan(0);
  });
});

