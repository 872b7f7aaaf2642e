import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { paymentsImportStatement } from '@klub/contracts';
import { AccountStatement, initOrm } from '@klub/db';
import { execute, makeEvent, makeMoneyAccount, makeUnit, resetDatabase } from '@klub/db/testing';
import { signUpForEvent } from '@klub/domain';
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
  const storageDir = mkdtempSync(join(tmpdir(), 'klub-kill-'));
  const env = () => ({
    DATABASE_URL: inject('apiDatabaseUrl'),
    STORAGE_DIR: storageDir,
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

  it('books every bank line once and sends every e-mail, exactly once in effect, after a restart', { timeout: 300_000 }, async () => {
    const em = orm.em.fork();
    const unit = await makeUnit(em, { fromEmailStr: 'Klub <klub@example.org>' });
    await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber: '999-99999999/2010' });
    const event = await makeEvent(em, { slug: 'batch', administrativeUnits: [unit] });
    for (let i = 0; i < EMAILS; i++) await signUpForEvent(orm.em.fork(), { email: `batch-${i}@example.org`, event: event.id } as never, { lang: 'cs' });
    mkdirSync(join(storageDir, 'account_statements'));
    writeFileSync(join(storageDir, 'account_statements', 'statement.csv'), Buffer.from(kbStatement(LINES), 'latin1'));
    const statement = em.create(AccountStatement, { type: 'account_kb', administrativeUnit: unit, csvFile: 'account_statements/statement.csv' });
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
    // BullMQ hands a killed worker's jobs to another once their locks expire (30 s, checked every
    // 30 s); an e-mail whose claim is then younger than the lease (30 s) is retried after a back-off.
    const delivered = () => new Set(sink.messages.map((m) => m.messageId)).size;
    for (let i = 0; i < 1800; i++) {
      const s = await progress();
      if (s.status === 'done' && delivered() >= EMAILS) break;
      await sleep(100);
    }
    const s = await progress();
    expect(s.status).toBe('done');
    const [keys] = await execute<Array<{ n: string; distinct: string }>>(orm.em.fork(), 'select count(*) as n, count(distinct line_key) as distinct from payment');
    expect({ payments: Number(keys!.n), distinctLines: Number(keys!.distinct) }).toEqual({ payments: LINES, distinctLines: LINES });

    // Every e-mail arrived. A kill between handing a message to SMTP and marking it sent leaves its
    // claim "sending": a later attempt takes it over and resends with the same Message-ID, so a
    // second copy, if any, is one the receiving system recognises as a duplicate.
    const idsOf = new Map<string, Set<string | undefined>>();
    for (const m of sink.messages) for (const r of m.recipients) idsOf.set(r, (idsOf.get(r) ?? new Set()).add(m.messageId));
    const expected = Array.from({ length: EMAILS }, (_, i) => `batch-${i}@example.org`);
    expect(expected.filter((a) => !idsOf.has(a)), 'never delivered').toEqual([]);
    expect([...idsOf.entries()].filter(([, ids]) => ids.size !== 1 || ids.has(undefined)), 'one Message-ID per address').toEqual([]);
    expect(sink.messages.every((m) => m.recipients.length === 1)).toBe(true);
    expect(delivered()).toBe(EMAILS);
    const claims = await execute<Array<{ status: string; attempts: number }>>(orm.em.fork(), 'select status, attempts from sent_email');
    expect(claims.filter((c) => c.status !== 'sent')).toEqual([]);
    expect(claims).toHaveLength(EMAILS);
    const duplicates = sink.messages.length - EMAILS;
    const takenOver = claims.filter((c) => c.attempts > 1).length;
    const resendWarnings = worker.lines.filter((l) => typeof l.msg === 'string' && l.msg.includes('resending with the same Message-ID')).length;
    expect(resendWarnings).toBe(takenOver);
    console.log(
      `killed at ${JSON.stringify(killedAt)}; after restart all ${EMAILS} e-mails delivered (${delivered()} distinct Message-IDs, ` +
        `${sink.messages.length} messages: ${duplicates} duplicate(s), each with its original's Message-ID); ` +
        `${takenOver} claim(s) left "sending" by the kill were taken over and resent`,
    );
  });
});
