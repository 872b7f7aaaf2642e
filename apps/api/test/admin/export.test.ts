import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { makeUnit } from '@klub/db/testing';
import { exportResource } from '../../src/cli/export.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

async function klub(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('pnpm klub export (operations.md §2)', () => {
  const app = useKlubApp();

  it('writes the chosen columns of every profile as CSV, quoting where needed', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em());
    await api('POST', '/api/admin/profiles/', { email: 'jana@example.org', first_name: 'Jana', last_name: 'Nováková, ml.', telephone: '777 111 222', administrative_units: [unit.id] });
    await api('POST', '/api/admin/profiles/', { email: 'petr@example.org', first_name: 'Petr', last_name: 'Svoboda "Sváťa"' });

    const res = await klub('export', '--resource', 'profiles', '--format', 'csv', '--fields', 'email,first_name,last_name,telephone,administrative_units');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      [
        'email,first_name,last_name,telephone,administrative_units',
        'root@example.org,,,,',
        `jana@example.org,Jana,"Nováková, ml.",777 111 222,${unit.id}`,
        'petr@example.org,Petr,"Svoboda ""Sváťa""",,',
        '',
      ].join('\n'),
    );

    const jsonl = await klub('export', '--resource', 'locations', '--format', 'jsonl');
    expect(jsonl).toMatchObject({ code: 0, stdout: '' });
  });

  it('refuses unknown resources, fields and formats with exit 1', async () => {
    expect(await klub('export', '--resource', 'nope')).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown resource "nope"') });
    expect(await klub('export', '--resource', 'profiles', '--fields', 'email,password')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown fields for profiles: password'),
    });
    expect(await klub('export', '--resource', 'profiles', '--format', 'xlsx')).toMatchObject({ code: 1, stderr: expect.stringContaining('--format must be one of csv, jsonl') });
  });

  it('streams: rows are written before the next batch is read, never all at once', async () => {
    await app.em().getConnection().execute(
      `insert into profile (kind, username, email, first_name, last_name, date_joined, is_active, is_staff, is_superuser)
       select 'user', 'bulk' || i, 'bulk' || i || '@example.org', 'Bulk', 'Person ' || i, now(), true, false, false from generate_series(1, 2500) as i`,
    );
    const events: string[] = [];
    let bytes = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        events.push('write');
        bytes += chunk.length;
        setImmediate(done);
      },
    });
    const rows = await exportResource(app.em(), out, {
      resource: 'profiles',
      format: 'csv',
      fields: ['id', 'email'],
      batchSize: 500,
      onBatch: (n) => events.push(`batch ${n}`),
    });
    expect(rows).toBe(2500);
    const batches = events.filter((e) => e.startsWith('batch'));
    expect(batches).toEqual(['batch 500', 'batch 1000', 'batch 1500', 'batch 2000', 'batch 2500']);
    expect(events.indexOf('write')).toBeLessThan(events.indexOf('batch 1000'));
    expect(events.lastIndexOf('write')).toBeGreaterThan(events.indexOf('batch 2500'));
    expect(bytes).toBeGreaterThan(2500 * 20);
  });
});
