import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Job } from 'bullmq';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { generateTaxConfirmations, requestTaxConfirmationEmails, requestTaxConfirmations } from '@klub/domain';
import { fileStorageAt } from '@klub/storage';
import { useHarness } from '../helpers/harness.js';

const storageDir = await mkdtemp(path.join(tmpdir(), 'klub-worker-tax-'));

describe('documents.tax-confirmations-generate and the e-mails (issue 20)', () => {
  const h = useHarness('tax-confirmations', { STORAGE_DIR: storageDir });
  afterAll(() => rm(storageDir, { recursive: true, force: true }));

  async function donorsOfOneUnit(em: EntityManager, count: number) {
    const unit = await makeUnit(em, { name: 'Spolek Čáp', fromEmailStr: 'Spolek Čáp <cap@example.org>' });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const donors = [];
    for (let i = 0; i < count; i++) {
      const donor = await makeProfile(em, { firstName: 'Jiří', lastName: `Šťastný ${i}`, email: `donor${i}@example.org` });
      const channel = await makeDonorPaymentChannel(em, { vs: `77${i}`, user: donor, moneyAccount: account });
      await makePayment(em, { userDonorPaymentChannel: channel, amount: 1000 + i, date: '2026-03-03' });
      donors.push(donor);
    }
    return { unit, donors };
  }

  async function runJob(jobId: string, queue: 'documents' | 'email' = 'documents'): Promise<{ job: Job; result: unknown }> {
    expect(await h.relay.relayOnce()).toBeGreaterThan(0);
    const job = (await h.queues[queue].getJob(jobId))!;
    const result: unknown = await job.waitUntilFinished(h.events[queue], 60_000);
    return { job: (await h.queues[queue].getJob(jobId))!, result };
  }

  it('draws every donor’s PDF with progress to 100, and a second run draws none', async () => {
    h.start();
    const em = h.orm.em.fork();
    const { unit, donors } = await donorsOfOneUnit(em, 3);
    const scope = { administrativeUnitId: unit.id, year: 2026 };

    const first = await runJob((await requestTaxConfirmations(em, scope, null)).jobId);
    expect(first.result).toMatchObject({ created: 3, rendered: 3, unchanged: 0 });
    expect(first.job.progress).toBe(100);
    const rows = await execute<Array<{ profile_id: number; file: string }>>(em, 'select profile_id, file from tax_confirmation order by profile_id');
    const pdf = await fileStorageAt(storageDir).read(rows[0]!.file);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf!)), { mergePages: true });
    expect(text).toContain(`Jiří Šťastný 0`);
    expect(rows.map((r) => r.profile_id)).toEqual(donors.map((d) => d.id));

    const second = await runJob((await requestTaxConfirmations(em, scope, null)).jobId);
    expect(second.result).toMatchObject({ created: 0, rendered: 0, unchanged: 3 });
  });

  it('resumes after a run that died half-way: draws only what the dead run did not record', async () => {
    const em = h.orm.em.fork();
    const { unit } = await donorsOfOneUnit(em, 5);
    const scope = { administrativeUnitId: unit.id, year: 2026 };
    let drawn = 0;
    const dying = async () => {
      if (++drawn > 2) throw new Error('killed');
      return new TextEncoder().encode('%PDF-1.4 partial');
    };
    await expect(generateTaxConfirmations(em, scope, { files: fileStorageAt(storageDir), render: dying, batchSize: 2 })).rejects.toThrow('killed');

    h.start();
    const { result } = await runJob((await requestTaxConfirmations(em, scope, null)).jobId);
    expect(result).toMatchObject({ rendered: 3, unchanged: 2 });
  });

  it('e-mails each donor once, with only their own confirmation attached', async () => {
    h.start();
    const em = h.orm.em.fork();
    const { unit } = await donorsOfOneUnit(em, 2);
    const scope = { administrativeUnitId: unit.id, year: 2026 };
    await runJob((await requestTaxConfirmations(em, scope, null)).jobId);

    const fanOut = await runJob((await requestTaxConfirmationEmails(em, scope, null)).jobId);
    expect(fanOut.result).toEqual({ queued: 2 });
    expect(await h.relay.relayOnce()).toBe(2);
    const mails = await h.sink.waitFor(2, 20_000);
    const files = await execute<Array<{ file: string; email: string }>>(
      em,
      `select t.file, p.email from tax_confirmation t join profile p on p.id = t.profile_id`,
    );
    for (const mail of mails) {
      const to = (mail.to as { value: Array<{ address: string }> }).value[0]!.address;
      const own = files.find((f) => f.email === to)!;
      expect(mail.subject).toBe('Potvrzení o daru za rok 2026');
      expect(mail.attachments).toHaveLength(1);
      const attached = mail.attachments[0]!;
      expect(attached.contentType).toBe('application/pdf');
      expect(Buffer.compare(attached.content, (await fileStorageAt(storageDir).read(own.file))!)).toBe(0);
    }
    // sent_at is written after the message left; wait for both jobs to finish.
    for (let i = 0; i < 100; i++) {
      const [row] = await execute<Array<{ n: number }>>(em, 'select count(*)::int as n from tax_confirmation where sent_at is not null');
      if (row!.n === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await runJob((await requestTaxConfirmationEmails(em, scope, null)).jobId);
    expect(again.result).toEqual({ queued: 0 });
    expect(h.sink.messages).toHaveLength(2);
  });
});
