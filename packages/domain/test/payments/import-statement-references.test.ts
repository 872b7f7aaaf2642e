import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { runDatabaseUrl } from '@klub/db/testing';
import { importStatement, ReferencedRowGone } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { usePaymentsDatabase } from './db.js';
import { fixture, statementSetup } from './fixtures.js';

// The import inserts payments without PostgreSQL's per-row foreign-key triggers when its role may,
// and checks and locks the rows they reference itself. These tests show that a channel deleted
// while an import runs never leaves a payment pointing nowhere, with and without that privilege.

/** Fio fixture: 4 payments, one with VS 120127010 (the channel's). */
const FILE = 'Pohyby_5_2016.csv';

async function setup(em: EntityManager) {
  const { channel, newStatement } = await statementSetup(em, '2400063333/2010', 'account');
  return { channelId: channel.id, statementId: await newStatement() };
}

async function bookedAndDangling(em: EntityManager, statementId: number) {
  const [row] = await execute<Array<{ booked: string; dangling: string }>>(
    em,
    `select (select count(*) from payment where account_statement_id = ?) as booked,
            (select count(*) from payment p where p.user_donor_payment_channel_id is not null
                and not exists (select 1 from donor_payment_channel c where c.id = p.user_donor_payment_channel_id)) as dangling`,
    [statementId],
  );
  return { booked: Number(row!.booked), dangling: Number(row!.dangling) };
}

/** Deletes a channel from another connection, giving up after `ms` of waiting for a lock. */
async function deleteChannel(orm: MikroORM, id: number, ms = 5_000) {
  await orm.em.fork().transactional(async (t) => {
    await execute(t, `set local lock_timeout = '${ms}ms'`);
    await execute(t, 'delete from donor_payment_channel where id = ?', [id]);
  });
}

describe('importStatement: referenced rows (a superuser may skip the per-row triggers)', () => {
  const db = usePaymentsDatabase();

  it('runs without the per-row foreign-key triggers here (the test role is a superuser)', async () => {
    const [row] = await execute<Array<{ allowed: boolean }>>(
      db.orm().em.fork(),
      `select has_parameter_privilege('session_replication_role', 'SET') as allowed`,
    );
    expect(row!.allowed).toBe(true);
  });

  it('fails, booking nothing, when a channel it pairs to is deleted after the pairing tables were built; the retry books without it', async () => {
    const em = db.orm().em.fork();
    const { channelId, statementId } = await setup(em);
    // Progress 10 is reported after the pairing tables are built and before the first insert.
    const onProgress = async (p: number) => {
      if (p === 10) await deleteChannel(db.orm(), channelId);
    };
    await expect(importStatement(em.fork(), statementId, fixture(FILE), { onProgress })).rejects.toThrow(
      ReferencedRowGone,
    );
    expect(await bookedAndDangling(em, statementId)).toEqual({ booked: 0, dangling: 0 });

    const retry = await importStatement(em.fork(), statementId, fixture(FILE));
    expect(retry).toMatchObject({ status: 'done', paymentsTotal: 4, paymentsPaired: 0 });
    expect(await bookedAndDangling(em, statementId)).toEqual({ booked: 4, dangling: 0 });
  });

  it('keeps a channel it paired to from being deleted until it commits', async () => {
    const em = db.orm().em.fork();
    const { channelId, statementId } = await setup(em);
    let deletion: unknown = 'not attempted';
    // Progress 80 is reported after the last insert and before the commit.
    const onProgress = async (p: number) => {
      if (p === 80) deletion = await deleteChannel(db.orm(), channelId, 300).catch((e: Error) => e.message);
    };
    const result = await importStatement(em.fork(), statementId, fixture(FILE), { onProgress });
    expect(result).toMatchObject({ status: 'done', paymentsPaired: 1 });
    expect(deletion).toMatch(/lock timeout/);
    expect(await bookedAndDangling(em, statementId)).toEqual({ booked: 4, dangling: 0 });
  });
});

describe('importStatement: referenced rows, as a role that may not skip triggers', () => {
  const db = usePaymentsDatabase();
  const url = new URL(runDatabaseUrl());
  const role = `${url.pathname.slice(1)}_plain`;
  let plain: MikroORM;

  beforeAll(async () => {
    const em = db.orm().em.fork();
    await execute(em, `drop role if exists ${role}`).catch(() => undefined);
    await execute(em, `create role ${role} login`);
    await execute(
      em,
      `grant usage on schema public to ${role};
       grant select, insert, update, delete on all tables in schema public to ${role};
       grant usage, select on all sequences in schema public to ${role}`,
    );
    url.username = role;
    plain = await initOrm(url.toString());
  });

  afterAll(async () => {
    await plain?.close(true);
    const em = db.orm().em.fork();
    await execute(em, `drop owned by ${role}; drop role ${role}`);
  });

  it('imports the same payments, with PostgreSQL checking each row', async () => {
    const { statementId } = await setup(db.orm().em.fork());
    const [row] = await execute<Array<{ allowed: boolean }>>(
      plain.em.fork(),
      `select has_parameter_privilege('session_replication_role', 'SET') as allowed`,
    );
    expect(row!.allowed).toBe(false);
    const result = await importStatement(plain.em.fork(), statementId, fixture(FILE));
    expect(result).toMatchObject({ status: 'done', paymentsTotal: 4, paymentsPaired: 1, duplicates: 0 });
  });

  it('fails, booking nothing, when a channel it pairs to is deleted meanwhile', async () => {
    const em = db.orm().em.fork();
    const { channelId, statementId } = await setup(em);
    const onProgress = async (p: number) => {
      if (p === 10) await deleteChannel(db.orm(), channelId);
    };
    await expect(importStatement(plain.em.fork(), statementId, fixture(FILE), { onProgress })).rejects.toThrow(
      /foreign key|deleted while/,
    );
    expect(await bookedAndDangling(em, statementId)).toEqual({ booked: 0, dangling: 0 });
  });
});
