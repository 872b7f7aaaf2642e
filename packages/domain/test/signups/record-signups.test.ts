import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { makeEvent, makeProfile, makeUnit } from '@klub/db/testing';
import { recordSignups, ValidationError, type SignupCommand } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { useTestDatabase } from '../db.js';

/** Statements sent to PostgreSQL while `fn` runs (knex's `query` events). */
async function statements<T>(em: EntityManager, fn: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const knex = em.getConnection().getKnex();
  const texts: string[] = [];
  const count = (q: { sql: string }) => void texts.push(q.sql);
  knex.on('query', count);
  try {
    return { result: await fn(), texts };
  } finally {
    knex.off('query', count);
  }
}

const eventSignup = (email: string, event: number, over: Record<string, string> = {}): SignupCommand => ({
  kind: 'event-signup',
  input: { email, event: String(event), ...over },
  lang: 'cs',
});

describe('recordSignups: the public sign-ups, one or many in one call (issue 16 §2)', () => {
  const db = useTestDatabase();
  const rows = <T>(sql: string, params: unknown[] = []) => execute<T[]>(db.orm().em.fork(), sql, params);
  const record = (commands: SignupCommand[], opts?: { recheck?: boolean }) =>
    db.orm().em.fork().transactional((tx) => recordSignups(tx, commands, opts));

  it('writes 20 sign-ups of the three kinds with one statement of locks and lookups and one write', async () => {
    const unit = await makeUnit(db.orm().em.fork());
    const event = await makeEvent(db.orm().em.fork(), { administrativeUnits: [unit] });
    const commands: SignupCommand[] = Array.from({ length: 20 }, (_, i) => {
      const email = `many-${i}@example.org`;
      if (i % 3 === 1) return { kind: 'volunteer', input: { email, administrative_unit: String(unit.id), first_name: `V${i}` }, lang: 'cs', programTypes: [] };
      if (i % 3 === 2) return { kind: 'membership', input: { email, administrative_unit: String(unit.id), first_name: `M${i}` }, lang: 'cs' };
      return eventSignup(email, event.id, { first_name: `E${i}` });
    });
    const { result, texts } = await statements(db.orm().em, () => record(commands));
    // BEGIN, the locks with the lookups, the write, COMMIT.
    expect(texts.map((t) => t.split(/[\s;]/)[0]!.toLowerCase())).toEqual(['begin', 'with', 'with', 'commit']);
    const ids = result.map((o) => (o.ok ? o.value.user_id : null));
    const people = await rows<{ id: number; email: string; first_name: string; kind: string; jobs: number }>(
      `select p.id, p.email, p.first_name, t.slug as kind,
              (select count(*)::int from outbox_message o where (o.payload->>'profileId')::int = p.id) as jobs
         from profile p join interaction i on i.user_id = p.id join interaction_type t on t.id = i.type_id where p.id in (?)`,
      [ids],
    );
    const byId = new Map(people.map((p) => [p.id, p]));
    expect(ids.map((id) => byId.get(id!))).toEqual(
      ids.map((id, i) => ({
        id,
        email: `many-${i}@example.org`,
        first_name: `${'EVM'[i % 3]}${i}`,
        kind: ['event_registration', 'volunteer', 'membership-application'][i % 3],
        jobs: 1,
      })),
    );
  });

  it('gives one person to the sign-ups of one address in a call, filling only what was empty, notes accumulating', async () => {
    const event = await makeEvent(db.orm().em.fork(), { administrativeUnits: [await makeUnit(db.orm().em.fork())] });
    const result = await record([
      eventSignup('Same@Example.org', event.id, { note: 'first' }),
      eventSignup('same@example.org', event.id, { first_name: 'Ada', note: 'second' }),
      eventSignup('same@example.org ', event.id, { first_name: 'Eve' }),
    ]);
    const ids = new Set(result.map((o) => (o.ok ? o.value.user_id : null)));
    expect(ids.size).toBe(1);
    const [person] = await rows<{ first_name: string; note: string; interactions: number }>(
      'select first_name, note, (select count(*)::int from interaction where user_id = p.id) as interactions from profile p',
    );
    expect(person).toEqual({ first_name: 'Ada', note: 'first\n\n---\n\nsecond', interactions: 3 });
  });

  it('writes a known person’s second address to them and gives people of one local part their own usernames', async () => {
    const event = await makeEvent(db.orm().em.fork(), { administrativeUnits: [await makeUnit(db.orm().em.fork())] });
    const known = await makeProfile(db.orm().em.fork(), { email: 'home@example.org', firstName: '' });
    await rows('insert into profile_email (email, is_primary, user_id) values (?, null, ?)', ['work@example.org', known.id]);
    const result = await record(
      ['home@example.org', 'work@example.org', 'jan@one.example', 'jan@two.example', 'jan@three.example'].map((email, i) =>
        eventSignup(email, event.id, { first_name: ['Hana', 'Wanda', 'Jan', 'Jan', 'Jan'][i]! }),
      ),
    );
    const [home, work, ...jans] = result.map((o) => (o.ok ? o.value.user_id : 0));
    expect([home, work]).toEqual([known.id, known.id]);
    const [person] = await rows<{ first_name: string; interactions: number }>(
      'select first_name, (select count(*)::int from interaction where user_id = p.id) as interactions from profile p where id = ?',
      [known.id],
    );
    expect(person).toEqual({ first_name: 'Hana', interactions: 2 });
    // Both notifications go to the person's primary address.
    const jobs = await rows<{ email: string }>(`select payload->>'email' as email from outbox_message where (payload->>'profileId')::int = ?`, [known.id]);
    expect(jobs).toEqual([{ email: 'home@example.org' }, { email: 'home@example.org' }]);
    const usernames = await rows<{ username: string }>('select username from profile where id in (?)', [jans]);
    expect(new Set(usernames.map((u) => u.username)).size).toBe(3);
    expect(usernames.every((u) => /^jan\d+$/.test(u.username))).toBe(true);
  });

  it('answers a command that fails its checks with its own error and writes the others', async () => {
    const event = await makeEvent(db.orm().em.fork(), { administrativeUnits: [await makeUnit(db.orm().em.fork())] });
    const result = await record([event.id, 999_999_999, event.id].map((id, i) => eventSignup(`valid-${i}@example.org`, id)));
    expect(result.map((o) => o.ok)).toEqual([true, false, true]);
    const failed = result[1]!;
    expect(!failed.ok && failed.error).toBeInstanceOf(ValidationError);
    expect(!failed.ok && failed.error.body()).toEqual({ event: ['Object with id=999999999 does not exist.'] });
    const saved = await rows<{ email: string }>(`select email from profile order by email`);
    expect(saved.map((r) => r.email)).toEqual(['valid-0@example.org', 'valid-2@example.org']);
  });

  it('with recheck, answers a command whose receipt exists from it and writes only the others', async () => {
    const event = await makeEvent(db.orm().em.fork(), { administrativeUnits: [await makeUnit(db.orm().em.fork())] });
    const first = { ...eventSignup('once@example.org', event.id), key: randomUUID() };
    const [written] = await record([first]);
    const second = { ...eventSignup('twice@example.org', event.id), key: randomUUID() };
    const again = await record([first, second], { recheck: true });
    expect(again.map((o) => (o.ok ? o.value.user_id : null))[0]).toEqual(written!.ok && written!.value.user_id);
    expect(await rows('select count(*)::int as n from interaction')).toEqual([{ n: 2 }]);
    expect(await rows('select count(*)::int as n from outbox_message')).toEqual([{ n: 2 }]);
    // Without recheck the receipt's key is not looked at, and its unique key refuses the second write.
    await expect(record([first])).rejects.toThrow(/signup_receipt_pkey/);
  });
});
