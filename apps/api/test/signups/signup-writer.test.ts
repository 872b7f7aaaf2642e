import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { makeEvent, makeUnit } from '@klub/db/testing';
import { SignupWriter } from '../../src/signups/signup-writer.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from './helpers.js';

/**
 * A TCP proxy in front of PostgreSQL that can lose one connection at COMMIT: `after` forwards the
 * COMMIT and drops the connection once PostgreSQL answers it (committed, but the client never
 * hears so), `before` drops it instead of forwarding (never committed).
 */
class CommitCutter {
  private server: Server;
  private mode: 'after' | 'before' | undefined;
  cuts = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.pipe(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  cutNextCommit(mode: 'after' | 'before'): void {
    this.mode = mode;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const pg = connect(this.target.port, this.target.host);
    let cutting = false;
    const cut = () => {
      this.cuts += 1;
      client.destroy();
      pg.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      // knex ends a transaction with the simple query `COMMIT;`.
      if (this.mode && chunk.includes('COMMIT;')) {
        const mode = this.mode;
        this.mode = undefined;
        if (mode === 'before') return cut();
        cutting = true;
      }
      pg.write(chunk);
    });
    pg.on('data', (chunk: Buffer) => (cutting ? cut() : client.write(chunk)));
    client.on('error', () => pg.destroy());
    pg.on('error', () => client.destroy());
    client.on('close', () => pg.destroy());
    pg.on('close', () => client.destroy());
  }
}

describe('the sign-up writer (issue 16 §2)', () => {
  const app = useKlubApp();

  it('answers each request on its own when one command makes the batch fail in the database: the others 200, it 500, nothing of it written', async () => {
    const event = await makeEvent(app.em(), { administrativeUnits: [await makeUnit(app.em())] });
    const client = await app.client('read write can_create_userprofile_interaction');
    await rows(
      app,
      `create or replace function test_refuse_boom() returns trigger language plpgsql as $$
       begin raise exception 'refused by the test'; end $$`,
    );
    await rows(app, `create trigger test_refuse_boom before insert on profile for each row when (new.first_name = 'Boom') execute function test_refuse_boom()`);
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          app.api('/api/sign_up_for_event/', {
            method: 'POST',
            headers: bearer(client.token),
            json: { email: `w-${i}@example.org`, first_name: i === 6 ? 'Boom' : `W${i}`, event: event.id },
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 6 ? 500 : 200)));
      const people = await rows<{ email: string; interactions: number; jobs: number }>(
        app,
        `select p.email, (select count(*)::int from interaction i where i.user_id = p.id) as interactions,
                (select count(*)::int from outbox_message o where (o.payload->>'profileId')::int = p.id) as jobs
           from profile p order by p.id`,
      );
      expect(people.map((p) => p.email).sort()).toEqual(
        Array.from({ length: 12 }, (_, i) => `w-${i}@example.org`).filter((e) => e !== 'w-6@example.org').sort(),
      );
      expect(people.every((p) => p.interactions === 1 && p.jobs === 1)).toBe(true);
    } finally {
      await rows(app, 'drop trigger if exists test_refuse_boom on profile');
    }
  });

  describe('a connection lost at COMMIT', () => {
    let cutter: CommitCutter;
    let orm: MikroORM;
    beforeAll(async () => {
      const url = new URL(inject('apiDatabaseUrl'));
      cutter = new CommitCutter({ host: url.hostname, port: Number(url.port || 5432) });
      url.port = String(await cutter.listen());
      orm = await initOrm(url.toString());
    });
    afterAll(async () => {
      await orm.close(true);
      await cutter.close();
    });

    const signUpMany = async (writer: SignupWriter, eventId: number, n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          writer.write({ kind: 'event-signup', input: { email: `c-${i}@example.org`, first_name: `C${i}`, event: String(eventId) }, lang: 'cs' }),
        ),
      );

    const written = () =>
      rows<{ people: number; interactions: number; jobs: number }>(
        app,
        `select (select count(*)::int from profile) as people, (select count(*)::int from interaction) as interactions,
                (select count(*)::int from outbox_message) as jobs`,
      );

    it('after PostgreSQL committed: every request gets its person, with no second interaction or e-mail', async () => {
      const event = await makeEvent(app.em(), { administrativeUnits: [await makeUnit(app.em())] });
      const writer = new SignupWriter(orm.em, { maxBatch: 64 });
      cutter.cuts = 0;
      cutter.cutNextCommit('after');
      const answers = await signUpMany(writer, event.id, 10);
      expect(cutter.cuts).toBe(1);
      const ids = await rows<{ id: number; email: string }>(app, 'select id, email from profile');
      const idOf = new Map(ids.map((p) => [p.email, p.id]));
      expect(answers.map((a) => a.user_id)).toEqual(answers.map((_, i) => idOf.get(`c-${i}@example.org`)));
      expect(await written()).toEqual([{ people: 10, interactions: 10, jobs: 10 }]);
    });

    it('before PostgreSQL committed: the requests are written once, by the retry', async () => {
      const event = await makeEvent(app.em(), { administrativeUnits: [await makeUnit(app.em())] });
      const writer = new SignupWriter(orm.em, { maxBatch: 64 });
      cutter.cuts = 0;
      cutter.cutNextCommit('before');
      const answers = await signUpMany(writer, event.id, 10);
      expect(cutter.cuts).toBe(1);
      expect(new Set(answers.map((a) => a.user_id)).size).toBe(10);
      expect(await written()).toEqual([{ people: 10, interactions: 10, jobs: 10 }]);
    });
  });
});
