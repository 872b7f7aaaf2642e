import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { initOrm } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makeUnit, resetDatabase } from '@klub/db/testing';
import { importStatement } from '@klub/domain';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../../packages/domain/test/fixtures/pohyby_kb.csv', import.meta.url));

describe('pnpm klub import-statement (operations.md §2)', () => {
  let orm: MikroORM;
  let storage: string;
  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    storage = await mkdtemp(join(tmpdir(), 'klub-cli-statements-'));
  });
  beforeEach(async () => {
    await resetDatabase(orm);
  });
  afterAll(async () => {
    await orm.close();
    await rm(storage, { recursive: true, force: true });
  });

  function klub(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        TSX,
        [CLI, ...args],
        { env: { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test', STORAGE_DIR: storage } },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  /** Stands in for the worker: imports the statement once the CLI has queued it. */
  async function actAsWorker(): Promise<void> {
    for (;;) {
      const [row] = await execute<Array<{ id: number; csv_file: string }>>(
        orm.em.fork(),
        'select id, csv_file from account_statement',
      );
      if (row) {
        await importStatement(orm.em.fork(), row.id, await readFile(join(storage, row.csv_file)));
        return;
      }
      await sleep(100);
    }
  }

  it('queues the file, shows a progress bar and exits 0 with the totals when the import is done', async () => {
    const em = orm.em.fork();
    const unit = await makeUnit(em);
    await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber: '999-99999999/2010' });
    await makeDonorPaymentChannel(em, {
      vs: '120127010',
      moneyAccount: await makeMoneyAccount(em, { administrativeUnit: unit }),
    });
    const [result] = await Promise.all([
      klub('import-statement', '--type', 'account_kb', '--unit', String(unit.id), FIXTURE),
      actAsWorker(),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^account statement \d+ queued \(job outbox-\d+\); waiting for the worker…\n/);
    expect(result.stdout).toContain('[##############################] 100% done');
    expect(result.stdout).toContain('done: 3 payments, 1 paired');
    const [outbox] = await execute(orm.em.fork(), 'select job_name from outbox_message');
    expect(outbox).toEqual({ job_name: 'payments.import-statement' });
  });

  it('exits 1 with the error when the import fails', async () => {
    const unit = await makeUnit(orm.em.fork()); // no bank account: "Missing Bank account"
    const [result] = await Promise.all([
      klub('import-statement', '--type', 'account_kb', '--unit', String(unit.id), FIXTURE),
      actAsWorker().catch(() => undefined),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('failed: Chybějící bankovní účet: 999-99999999');
  });

  it('refuses an unknown format before queueing anything', async () => {
    const result = await klub('import-statement', '--type', 'account_xyz', '--unit', '1', FIXTURE);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--type must be one of account, account_cs');
    expect(await execute(orm.em.fork(), 'select id from account_statement')).toEqual([]);
  });
});
