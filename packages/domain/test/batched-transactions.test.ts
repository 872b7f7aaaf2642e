import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { makeEvent, makeProfile } from '@klub/db/testing';
import {
  combined,
  execute,
  signUpForEvent,
  TransactionBatcher,
  ValidationError,
} from '../src/index.js';
import { useTestDatabase } from './db.js';

/**
 * How many of the statements sent are the sign-ups' set-based write (inlined or executing its
 * prepared form): the only statements whose parameter is the `[{"ord": …}]` list of rows.
 */
function signupWrites(texts: string[]): number {
  return texts.flatMap((t) => t.split(';\n')).filter((s) => !s.startsWith('prepare ') && s.includes(`'[{"ord":`)).length;
}

/** Statements sent to PostgreSQL while `fn` runs (knex's `query` events; a multi-statement round counts once). */
async function roundTrips<T>(
  em: EntityManager,
  fn: () => Promise<T>,
): Promise<{ result: T; sent: number; texts: string[] }> {
  const knex = em.getConnection().getKnex();
  const texts: string[] = [];
  const count = (q: { sql: string }) => void texts.push(q.sql);
  knex.on('query', count);
  try {
    return { result: await fn(), sent: texts.length, texts };
  } finally {
    knex.off('query', count);
  }
}

describe('TransactionBatcher: group commit of sign-ups', () => {
  const db = useTestDatabase();
  const rows = <T>(sql: string, params: unknown[] = []) => execute<T[]>(db.orm().em.fork(), sql, params);

  it('commits 20 simultaneous sign-ups in a few round trips, each with its own profile and interaction', async () => {
    const event = await makeEvent(db.orm().em.fork());
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    // The first unit starts a batch alone; the other 19 arrive meanwhile and go together.
    const { result, sent, texts } = await roundTrips(db.orm().em, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          batcher.run((tx) =>
            signUpForEvent(
              tx,
              { email: `batch-${i}@example.org`, first_name: `B${i}`, event: String(event.id) },
              { lang: 'cs' },
            ),
          ),
        ),
      ),
    );
    const ids = result.map((r) => r.user_id);
    expect(new Set(ids).size).toBe(20);
    // Alone, each sign-up is BEGIN, lock and lookups, the write, COMMIT: 80 round trips.
    expect(sent).toBeLessThanOrEqual(12);
    // Statements seen before go as EXECUTE of a statement prepared once in the session.
    expect(texts.some((t) => /^prepare klub_p_/m.test(t))).toBe(true);
    expect(texts.filter((t) => /\bexecute klub_p_/.test(t)).length).toBeGreaterThan(0);
    const people = await rows<{ id: number; email: string; first_name: string; interactions: number }>(
      `select p.id, p.email, p.first_name, (select count(*)::int from interaction i where i.user_id = p.id and i.event_id = ?) as interactions
         from profile p where p.id in (?) order by p.id`,
      [event.id, ids],
    );
    // Each request got the id of its own person.
    const byId = new Map(people.map((p) => [p.id, p]));
    expect(ids.map((id) => byId.get(id))).toEqual(
      ids.map((id, i) => ({ id, email: `batch-${i}@example.org`, first_name: `B${i}`, interactions: 1 })),
    );
  });

  it('prepares one statement per distinct inlined list, each unit answered with its own parameters', async () => {
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    const lists = [[1], [1, 2], [1, 2, 3], [1, 2], [5], [1, 2, 3]];
    const sum = (i: number, list: number[]) =>
      batcher.run((tx) =>
        execute<Array<{ v: number; total: number }>>(
          tx,
          'select ?::int as v, (select sum(x)::int from unnest(array[?]::int[]) x) as total',
          [i, list],
        ),
      );
    // Twice: the second time the statements go prepared (a statement is prepared once seen before).
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(lists.map((list, i) => sum(i, list)));
      expect(answers.map((rows) => rows[0])).toEqual(
        lists.map((list, i) => ({ v: i, total: list.reduce((a, b) => a + b) })),
      );
    }
  });

  it('gives the same person to sign-ups of one address in one batch, filling only what was empty', async () => {
    const event = await makeEvent(db.orm().em.fork());
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    const signUp = (over: Record<string, string>) =>
      batcher.run((tx) =>
        signUpForEvent(tx, { email: 'Same@Example.org', event: String(event.id), ...over }, { lang: 'cs' }),
      );
    const results = await Promise.all([
      signUp({ note: 'first' }),
      signUp({ first_name: 'Ada', note: 'second' }),
      signUp({ first_name: 'Eve' }),
    ]);
    expect(new Set(results.map((r) => r.user_id)).size).toBe(1);
    const [person] = await rows<{ first_name: string; note: string }>(
      'select first_name, note from profile where id = ?',
      [results[0]?.user_id],
    );
    expect(person).toEqual({ first_name: 'Ada', note: 'first\n\n---\n\nsecond' });
  });

  it('writes a batch’s sign-ups in one statement; a second address of one person and a shared local part each come out right', async () => {
    const event = await makeEvent(db.orm().em.fork());
    const known = await makeProfile(db.orm().em.fork(), { email: 'home@example.org', firstName: '' });
    await execute(db.orm().em.fork(), 'insert into profile_email (email, is_primary, user_id) values (?, null, ?)', [
      'work@example.org',
      known.id,
    ]);
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    const signUp = (email: string, first_name: string) =>
      batcher.run((tx) => signUpForEvent(tx, { email, first_name, event: String(event.id) }, { lang: 'cs' }));
    const { result, texts } = await roundTrips(db.orm().em, () => Promise.all([
      signUp('starter@example.org', 'S'), // alone: the others arrive while it runs
      signUp('home@example.org', 'Hana'),
      signUp('work@example.org', 'Wanda'),
      signUp('jan@one.example', 'Jan'),
      signUp('jan@two.example', 'Jan'),
      signUp('jan@three.example', 'Jan'),
    ]));
    const [, home, work, one, two, three] = result;
    // The starter's own statement; then one statement for the five, and the second address of the
    // known person in the next one, after the first.
    expect(signupWrites(texts)).toBe(3);
    expect([home.user_id, work.user_id]).toEqual([known.id, known.id]);
    const [person] = await rows<{ first_name: string; interactions: number }>(
      'select first_name, (select count(*)::int from interaction where user_id = p.id) as interactions from profile p where id = ?',
      [known.id],
    );
    expect(person).toEqual({ first_name: 'Hana', interactions: 2 });
    const jans = await rows<{ id: number; username: string; email: string }>(
      'select id, username, email from profile where id in (?) order by id',
      [[one.user_id, two.user_id, three.user_id]],
    );
    expect(jans.map((j) => j.email)).toEqual(['jan@one.example', 'jan@two.example', 'jan@three.example']);
    expect(new Set(jans.map((j) => j.username)).size).toBe(3);
    expect(jans.every((j) => /^jan\d+$/.test(j.username))).toBe(true);
  });

  it('runs a combined call once for the units of a round; when it fails, each unit alone gets its own answer', async () => {
    const calls: string[][] = [];
    const double = async (tx: EntityManager, items: string[]) => {
      calls.push(items);
      if (items.includes('bad')) throw ValidationError.field('item', 'bad item');
      const [row] = await execute<Array<{ out: string[] }>>(tx, 'select array_agg(x || x) as out from unnest(?::text[]) x', [
        `{${items.join(',')}}`,
      ]);
      return row!.out;
    };
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    const unit = (item: string) => batcher.run((tx) => combined(tx, double, item));
    const good = await Promise.all(['a', 'b', 'c', 'd'].map(unit));
    expect(good).toEqual(['aa', 'bb', 'cc', 'dd']);
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);

    calls.length = 0;
    const outcomes = await Promise.allSettled(['e', 'f', 'bad', 'g'].map(unit));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).constructor.name))).toEqual([
      'ee',
      'ff',
      'ValidationError',
      'gg',
    ]);
    // Together once, then each of that batch alone (the three at once, in any order).
    expect(calls.slice(0, 2)).toEqual([['e'], ['f', 'bad', 'g']]);
    expect(calls.slice(2).sort()).toEqual([['bad'], ['f'], ['g']]);
  });

  it('answers a validation error to its own unit only, the others commit', async () => {
    const event = await makeEvent(db.orm().em.fork());
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    const outcomes = await Promise.allSettled(
      [event.id, 999_999_999, event.id].map((id, i) =>
        batcher.run((tx) => signUpForEvent(tx, { email: `valid-${i}@example.org`, event: String(id) }, { lang: 'cs' })),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    const saved = await rows<{ email: string }>(`select email from profile where email like 'valid-%' order by email`);
    expect(saved.map((r) => r.email)).toEqual(['valid-0@example.org', 'valid-2@example.org']);
  });

  describe('a unit that fails after writing, or a database error', () => {
    const probe = async () => {
      await execute(db.orm().em.fork(), 'create table if not exists batch_probe (name text primary key)');
      await execute(db.orm().em.fork(), 'truncate batch_probe');
    };
    const probeUnits =
      (batcher: TransactionBatcher, attempts: Map<string, number>) =>
      (name: string, fail?: 'after-write' | 'database') =>
        batcher.run(async (tx) => {
          attempts.set(name, (attempts.get(name) ?? 0) + 1);
          await execute(tx, 'insert into batch_probe (name) values (?)', [name]);
          if (fail === 'database') await execute(tx, 'select 1 / 0');
          if (fail === 'after-write') throw ValidationError.field('probe', 'refused after writing');
          return name;
        });

    for (const fail of ['after-write', 'database'] as const) {
      it(`(${fail}) runs every unit of the batch again alone, so nothing of the failed one remains`, async () => {
        await probe();
        const attempts = new Map<string, number>();
        const unit = probeUnits(new TransactionBatcher(db.orm().em, { concurrency: 1 }), attempts);
        const outcomes = await Promise.allSettled([unit('first'), unit('a'), unit('bad', fail), unit('b')]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        const names = await rows<{ name: string }>('select name from batch_probe order by name');
        expect(names.map((r) => r.name)).toEqual(['a', 'b', 'first']);
        // 'first' ran alone before the others arrived; their batch failed and each ran again.
        expect(Object.fromEntries(attempts)).toEqual({ first: 1, a: 2, bad: 2, b: 2 });
      });
    }
  });

  it('prepares afresh after a schema change PostgreSQL cannot replan, and answers correctly meanwhile', async () => {
    await execute(
      db.orm().em.fork(),
      'drop table if exists batch_shape; create table batch_shape (id int primary key)',
    );
    await execute(db.orm().em.fork(), 'insert into batch_shape values (1)');
    const batcher = new TransactionBatcher(db.orm().em, { concurrency: 1 });
    const readAll = () =>
      Promise.all(
        [0, 1, 2, 3].map(() =>
          batcher.run((tx) =>
            execute<Array<Record<string, unknown>>>(tx, 'select * from batch_shape where id = ?', [1]),
          ),
        ),
      );
    await readAll(); // seen, prepared, executed
    const before = await roundTrips(db.orm().em, readAll);
    expect(before.texts.some((t) => t.startsWith('execute klub_p_'))).toBe(true);
    await execute(db.orm().em.fork(), "alter table batch_shape add column label text not null default 'x'");
    // The prepared plan returns the old row type: the batch fails, each unit runs alone.
    const after = await readAll();
    expect(after.map((r) => r[0])).toEqual(Array(4).fill({ id: 1, label: 'x' }));
    // From then on, batches run batched again, whichever pooled session they get.
    for (let i = 0; i < 6; i++) {
      const again = await roundTrips(db.orm().em, readAll);
      expect(again.result.map((r) => r[0])).toEqual(Array(4).fill({ id: 1, label: 'x' }));
      // The first unit alone (3), then BEGIN, a PREPARE at most, the round, COMMIT; falling back adds 12.
      expect(again.sent).toBeLessThanOrEqual(7);
    }
  });
});
