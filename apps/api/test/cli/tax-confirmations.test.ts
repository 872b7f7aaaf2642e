import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { initOrm } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeProfile, makeUnit, resetDatabase } from '@klub/db/testing';
import { fileStorageAt } from '@klub/storage';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

// Each case starts the CLI (tsx) more than once: slow on a busy machine.
describe('pnpm klub tax-confirmations generate (issue 20)', () => {
  let orm: MikroORM;
  let storage: string;
  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    storage = await mkdtemp(join(tmpdir(), 'klub-cli-tax-'));
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

  it('--inline draws every confirmation with a progress bar; a rerun draws none', async () => {
    const em = orm.em.fork();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    for (let i = 0; i < 3; i++) {
      const channel = await makeDonorPaymentChannel(em, { vs: `99${i}`, user: await makeProfile(em), moneyAccount: account });
      await makePayment(em, { userDonorPaymentChannel: channel, amount: 500, date: '2026-02-02' });
    }
    const first = await klub('tax-confirmations', 'generate', '--year', '2026', '--unit', String(unit.id), '--inline');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('[##############################] 100% 3/3');
    expect(first.stdout).toContain('done: 3 confirmations (3 new, 0 changed amounts), 3 drawn, 0 unchanged, 0 withdrawn');
    const files = await execute<Array<{ file: string }>>(em, 'select file from tax_confirmation');
    for (const { file } of files) expect((await fileStorageAt(storage).read(file))?.subarray(0, 5).toString()).toBe('%PDF-');

    const again = await klub('tax-confirmations', 'generate', '--year', '2026', '--unit', String(unit.id), '--inline');
    expect(again.stdout).toContain('0 drawn, 3 unchanged');
  }, 240_000);

  it('says what is wrong with the arguments', async () => {
    expect(await klub('tax-confirmations', 'generate', '--unit', '1')).toMatchObject({ code: 1, stderr: expect.stringContaining('--year is required') });
    expect(await klub('tax-confirmations', 'generate', '--unit', 'x', '--year', '2026', '--inline')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--unit must be the id of an administrative unit'),
    });
    expect(await klub('tax-confirmations', 'print', '--unit', '1', '--year', '2026')).toMatchObject({ code: 1, stderr: expect.stringContaining('one action: generate') });
  }, 240_000);
});
