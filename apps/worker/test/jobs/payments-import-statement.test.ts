import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsImportStatement } from '@klub/contracts';
import { AccountStatement } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { enqueue } from '@klub/domain/outbox';
import { useHarness } from '../helpers/harness.js';

const outside = await mkdtemp(join(tmpdir(), 'klub-outside-'));
const storage = await mkdtemp(join(tmpdir(), 'klub-statements-'));
const KB = await readFile(new URL('../fixtures/pohyby_kb.csv', import.meta.url));

describe('payments.import-statement (jobs.md §6, operations.md §4)', () => {
  const h = useHarness('payments-import', { STORAGE_DIR: storage });
  beforeAll(async () => {
    await writeFile(join(storage, 'kb.csv'), KB);
    // Cut inside the last line, before its AV fields.
    await writeFile(join(storage, 'broken.csv'), KB.subarray(0, KB.lastIndexOf('Nevim')));
    await writeFile(join(outside, 'kb.csv'), KB);
  });
  afterAll(async () => {
    await rm(storage, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  async function statementFor(csvFile: string): Promise<number> {
    const em = h.orm.em.fork();
    const unit = await makeUnit(em);
    await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber: '999-99999999/2010' });
    await makeDonorPaymentChannel(em, {
      vs: '120127010',
      moneyAccount: await makeMoneyAccount(em, { administrativeUnit: unit }),
    });
    const statement = em.create(AccountStatement, { type: 'account_kb', administrativeUnit: unit, csvFile });
    await em.flush();
    return statement.id;
  }

  async function run(statementId: number) {
    const msg = await h.orm.em
      .fork()
      .transactional(async (tx) => enqueue(tx, paymentsImportStatement, { accountStatementId: statementId }));
    await h.relay.relayOnce();
    return (await h.queues.payments.getJob(`outbox-${msg.id}`))!;
  }

  it('imports the uploaded file, reporting progress on the job and the statement', async () => {
    const id = await statementFor('kb.csv');
    const seen: number[] = [];
    h.events.payments.on('progress', ({ data }) => seen.push(data as number));
    h.start();
    const job = await run(id);
    expect(await job.waitUntilFinished(h.events.payments, 15_000)).toMatchObject({
      status: 'done',
      paymentsTotal: 3,
      paymentsPaired: 1,
    });
    expect((await Job.fromId(h.queues.payments, job.id!))!.progress).toBe(100);
    expect(seen).toContain(100);
    const [st] = await execute(
      h.orm.em.fork(),
      'select status, progress, payments_total, payments_paired, errors from account_statement',
    );
    expect(st).toEqual({ status: 'done', progress: 100, payments_total: 3, payments_paired: 1, errors: [] });
    // The paired channel is refreshed by a payment check of this statement, queued with the import.
    const queued = await execute(
      h.orm.em.fork(),
      `select payload from outbox_message where job_name = 'payments.check'`,
    );
    expect(queued).toEqual([{ payload: { requestedBy: null, accountStatementId: id } }]);
  });

  it('fails a malformed file at once, with the line in the statement errors and no payments', async () => {
    const id = await statementFor('broken.csv');
    h.start();
    const job = await run(id);
    await expect(job.waitUntilFinished(h.events.payments, 15_000)).rejects.toThrow(/^line 20: /);
    expect((await Job.fromId(h.queues.payments, job.id!))!.attemptsMade).toBe(1);
    const [st] = await execute<Array<{ status: string; errors: Array<{ line: number }> }>>(
      h.orm.em.fork(),
      'select status, errors from account_statement',
    );
    expect(st!.status).toBe('failed');
    expect(st!.errors[0]!.line).toBe(20);
    expect(await execute(h.orm.em.fork(), 'select id from payment')).toEqual([]);
  });

  it('fails a statement whose file is missing, without retrying', async () => {
    const id = await statementFor('nowhere.csv');
    h.start();
    const job = await run(id);
    await expect(job.waitUntilFinished(h.events.payments, 15_000)).rejects.toThrow('is missing');
    const [st] = await execute(h.orm.em.fork(), 'select status from account_statement');
    expect(st).toEqual({ status: 'failed' });
  });

  it('reads no file outside STORAGE_DIR, whatever the row names: the statement fails as missing', async () => {
    h.start();
    for (const csvFile of [join(outside, 'kb.csv'), `../${outside.split('/').pop()}/kb.csv`]) {
      const id = await statementFor(csvFile);
      const job = await run(id);
      await expect(job.waitUntilFinished(h.events.payments, 15_000)).rejects.toThrow('is missing');
      const [st] = await execute(h.orm.em.fork(), 'select status from account_statement where id = ?', [id]);
      expect(st).toEqual({ status: 'failed' });
    }
    expect(await execute(h.orm.em.fork(), 'select id from payment')).toEqual([]);
  });
});
