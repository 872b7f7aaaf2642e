import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { execute, makeUnit, resetDatabase } from '@klub/db/testing';
import { createMailing, sendMailing } from '@klub/domain';
import { privateRedis, smtpSink, startWorker, type Child, type RedisServer } from './helpers.js';

const RECIPIENTS = 400;

describe('worker killed (SIGKILL) in the middle of a mailing (issue 19 §2)', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let worker: Child | undefined;
  const env = () => ({
    DATABASE_URL: inject('apiDatabaseUrl'),
    STORAGE_DIR: mkdtempSync(join(tmpdir(), 'klub-mailing-kill-')),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `klub_fault_mailing_${process.pid}`,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAILING_RATE: '40',
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

  it('after a restart every recipient has exactly one copy in effect and one timeline entry', { timeout: 300_000 }, async () => {
    const em = orm.em.fork();
    const unit = await makeUnit(em, { fromEmailStr: 'Klub <klub@example.org>' });
    await execute(
      em,
      `with p as (insert into profile (kind, username, email, first_name) select 'user', 'm' || i, 'm' || i || '@example.org', 'M' || i
                    from generate_series(1, ?) i returning id),
            m as (insert into profile_administrative_units (profile_id, administrative_unit_id) select id, ? from p)
       insert into preference (user_id, administrative_unit_id, send_mailing_lists, newsletter_on, call_on, challenge_on, letter_on, public)
       select id, ?, true, false, false, false, false, true from p`,
      [RECIPIENTS, unit.id, unit.id],
    );
    const ids = (await execute<Array<{ id: number }>>(em, 'select id from profile order by id')).map((r) => r.id);
    const mailing = await createMailing(
      em,
      { name: 'Kill', administrative_unit: unit.id, subject_cs: 'Ahoj {{first_name}}', body_cs: 'Text.', subject_en: '', body_en: '', segment: null, profiles: ids },
      null,
    );
    await sendMailing(orm.em.fork(), mailing.id, null);

    worker = startWorker(env());
    let killedAt = 0;
    for (let i = 0; i < 1200 && !killedAt; i++) {
      if (sink.messages.length >= 40) {
        await worker.stop('SIGKILL');
        killedAt = sink.messages.length;
      }
      await sleep(25);
    }
    expect(killedAt, 'the worker was never caught mid-way').toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(RECIPIENTS);

    worker = startWorker(env());
    const state = () =>
      execute<Array<{ status: string; sent: number }>>(
        orm.em.fork(),
        `select m.status, (select count(*)::int from mailing_recipient r where r.mailing_id = m.id and r.status = 'sent') as sent from mailing m where m.id = ?`,
        [mailing.id],
      );
    for (let i = 0; i < 2400; i++) {
      const [s] = await state();
      if (s!.status === 'done') break;
      await sleep(100);
    }
    const [s] = await state();
    expect(s).toEqual({ status: 'done', sent: RECIPIENTS });
    await sleep(300);

    const idsOf = new Map<string, Set<string | undefined>>();
    for (const m of sink.messages) for (const r of m.recipients) idsOf.set(r, (idsOf.get(r) ?? new Set()).add(m.messageId));
    const expected = ids.map((_, i) => `m${i + 1}@example.org`);
    expect(expected.filter((a) => !idsOf.has(a)), 'never delivered').toEqual([]);
    expect([...idsOf.entries()].filter(([, v]) => v.size !== 1 || v.has(undefined)), 'one Message-ID per person').toEqual([]);
    const [timeline] = await execute<Array<{ n: number; people: number }>>(
      orm.em.fork(),
      `select count(*)::int as n, count(distinct user_id)::int as people from interaction where communication_type = 'mass'`,
    );
    expect(timeline).toEqual({ n: RECIPIENTS, people: RECIPIENTS });
    const duplicates = sink.messages.length - RECIPIENTS;
    const [takenOver] = await execute<Array<{ n: number }>>(orm.em.fork(), 'select count(*)::int as n from mailing_recipient where attempts > 1');
    console.log(
      `killed after ${killedAt} copies; after restart all ${RECIPIENTS} delivered, ${sink.messages.length} messages: ` +
        `${duplicates} duplicate(s) with their original's Message-ID; ${takenOver!.n} claim(s) taken over`,
    );
    expect(duplicates).toBeLessThanOrEqual(takenOver!.n);
  });
});
