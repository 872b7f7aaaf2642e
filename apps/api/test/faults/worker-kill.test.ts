import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { paymentsImportStatement } from '@klub/contracts';
import { AccountStatement, initOrm } from '@klub/db';
import { makeEvent, makeMoneyAccount, makeUnit, resetDatabase } from '@klub/db/testing';
import { execute, signUpForEvent } from '@klub/domain';
import { enqueue } from '@klub/domain/outbox';
import { privateRedis, smtpSink, startWorker, type Child, type RedisServer } from './helpers.js';

const LINES = 20_000;
const EMAILS = 120;

/** A KB ("MojeBanka") statement of `n` incoming payments, each line distinct. */
function kbStatement(n: number): string {
  const head = [
    'MojeBanka; export transakcni historie;;;;;;;;;;;;;;;;;;',
    'Datum vytvoreni souboru;13.9.2010;;;;;;;;;;;;;;;;;;',
    ';;;;;;;;;;;;;;;;;;;',
    'Cislo uctu;999-99999999 CZK;;;;;;;;;;;;;;;;;;',
    'IBAN;CZ9323792372863263232;;;;;;;;;;;;;;;;;;',
    'Nazev uctu;TEST KB;;;;;;;;;;;;;;;;;;',
    'Vlastni nazev uctu;;;;;;;;;;;;;;;;;;;',
    'Vypis za obdobi;1.2.2010;;;;;;;;;;;;;;;;;;',
    ';3.2.2010;;;;;;;;;;;;;;;;;;',
    'Cislo vypisu;19;;;;;;;;;;;;;;;;;;',
    'Predchozi vypis ze dne;1.1.2010;;;;;;;;;;;;;;;;;;',
    `Pocet polozek;${n};;;;;;;;;;;;;;;;;;`,
    'Pocatecni zustatek;100;0;;;;;;;;;;;;;;;;;',
    'Celkem odepsano (-);0;;;;;;;;;;;;;;;;;;',
    'Celkem pripsano (+);1100;0;;;;;;;;;;;;;;;;;',
    'Konecny zustatek;1200;0;;;;;;;;;;;;;;;;;',
    'Datum splatnosti;Datum odepsani z jine banky;Protiucet/Kod banky;Nazev protiuctu;Castka;Originalni castka;Originalni mena;Kurz;VS;KS;SS;Identifikace transakce;Systemovy popis;Popis prikazce;Popis pro prijemce;AV pole 1;AV pole 2;AV pole 3;AV pole 4;',
  ];
  const lines = Array.from({ length: n }, (_, i) => `${1 + (i % 28)}.2.2010;;${100000 + i}/0800;Donor ${i};${100 + (i % 900)};0;;;${5000000 + i};;;;TX${i};Prichozi uhrada;;;;;;`);
  return [...head, ...lines, ''].join('\r\n');
}

describe('worker killed (SIGKILL) mid-import and mid-e-mail-batch (issue 7)', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let worker: Child | undefined;
  const env = () => ({
    DATABASE_URL: inject('apiDatabaseUrl'),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `klub_fault_kill_${process.pid}`,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    WORKER_CONCURRENCY: '4',
  });

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    redis = await privateRedis();
    sink = await smtpSink();
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await redis?.stop();
    await sink?.close();
    await orm?.close();
  });

  it('books every bank line once and sends no e-mail twice after a restart', { timeout: 150_000 }, async () => {
    const em = orm.em.fork();
    const unit = await makeUnit(em, { fromEmailStr: 'Klub <klub@example.org>' });
    await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber: '999-99999999/2010' });
    const event = await makeEvent(em, { slug: 'batch', administrativeUnits: [unit] });
    for (let i = 0; i < EMAILS; i++) await signUpForEvent(orm.em.fork(), { email: `batch-${i}@example.org`, event: event.id } as never, { lang: 'cs' });
    const dir = mkdtempSync(join(tmpdir(), 'klub-kill-'));
    const file = join(dir, 'statement.csv');
    writeFileSync(file, Buffer.from(kbStatement(LINES), 'latin1'));
    const statement = em.create(AccountStatement, { type: 'account_kb', administrativeUnit: unit, csvFile: file });
    await em.flush();
    await orm.em.fork().transactional(async (tx) => enqueue(tx, paymentsImportStatement, { accountStatementId: statement.id }));

    const progress = async () => {
      const [s] = await execute<Array<{ status: string; progress: number; payments: string }>>(
        orm.em.fork(),
        'select status, progress, (select count(*) from payment) as payments from account_statement where id = ?',
        [statement.id],
      );
      return s!;
    };

    worker = startWorker(env());
    // Kill as soon as both batches are under way and neither has finished.
    let killedAt: { sent: number; status: string; progress: number } | undefined;
    for (let i = 0; i < 600 && !killedAt; i++) {
      const s = await progress();
      if (sink.recipients.length > 0 && s.status === 'running') {
        await worker.stop('SIGKILL');
        killedAt = { sent: sink.recipients.length, status: s.status, progress: s.progress };
      }
      await sleep(25);
    }
    expect(killedAt, 'the worker was never caught mid-way').toBeDefined();
    expect(killedAt!.sent).toBeLessThan(EMAILS);

    worker = startWorker(env());
    // BullMQ hands a killed worker's jobs to another once their locks expire (30 s).
    for (let i = 0; i < 1200; i++) {
      const s = await progress();
      if (s.status === 'done' && sink.recipients.length >= EMAILS - 4) break;
      await sleep(100);
    }
    const s = await progress();
    expect(s.status).toBe('done');
    const [keys] = await execute<Array<{ n: string; distinct: string }>>(orm.em.fork(), 'select count(*) as n, count(distinct line_key) as distinct from payment');
    expect({ payments: Number(keys!.n), distinctLines: Number(keys!.distinct) }).toEqual({ payments: LINES, distinctLines: LINES });

    // No address got two e-mails. A kill between handing a message to SMTP and marking it sent leaves
    // its claim "sending": such a message is never sent again (it may have gone out once) and its job
    // fails visibly; no message is lost silently.
    const counts = new Map<string, number>();
    for (const r of sink.recipients) counts.set(r, (counts.get(r) ?? 0) + 1);
    expect([...counts.entries()].filter(([, c]) => c > 1)).toEqual([]);
    const claims = await execute<Array<{ to: string; status: string }>>(orm.em.fork(), 'select "to", status from sent_email');
    const status = new Map(claims.map((c) => [c.to, c.status]));
    expect(claims.filter((c) => c.status === 'sent' && !counts.has(c.to))).toEqual([]);
    const missing = Array.from({ length: EMAILS }, (_, i) => `batch-${i}@example.org`).filter((a) => !counts.has(a));
    expect(missing.filter((a) => status.get(a) !== 'sending')).toEqual([]);
    const stuck = claims.filter((c) => c.status === 'sending').length;
    expect(stuck).toBeLessThanOrEqual(4);
    console.log(
      `killed at ${JSON.stringify(killedAt)}; after restart ${counts.size} of ${EMAILS} e-mails delivered, each once; ${stuck} claim(s) left "sending" by the kill (${missing.length} of them never delivered)`,
    );
  });
});
