import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { pragueToday } from '@klub/contracts';
import { Profile } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeEvent, makeEventType, makeLocation, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { addDays } from '@klub/domain';
import type { CachePolicy } from '../../src/cache/response-cache.js';
import { appRouter } from '../../src/routers/index.js';
import type { Meta } from '../../src/trpc/init.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

/** The tables the credential checks read (resolve-actor.ts); procedure-cache.ts depends on their rows itself. */
const CREDENTIAL_TABLES = ['oauth_access_token', 'profile', 'profile_role'];

/** Every table a plan reads, from EXPLAIN (FORMAT JSON). */
function relationsOf(plan: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(plan)) for (const p of plan) relationsOf(p, into);
  else if (plan && typeof plan === 'object') {
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'Relation Name' && typeof value === 'string') into.add(value);
      else relationsOf(value, into);
    }
  }
  return into;
}

/**
 * `meta.cache` declares what a cached answer depends on (issue 16 §1). Each cached procedure is
 * asked over HTTP with data that takes its queries through their joins; every statement it ran
 * is explained by PostgreSQL, and a table its plans read that the procedure did not declare
 * fails the test: a change to it would not drop the answer. Every declared table must also
 * carry the notifying triggers.
 */
describe('cached procedures declare every table they read', () => {
  const app = useKlubApp({ SUM_LAST_MONTH_PAYMENTS: '100', SUM_LAST_YEAR_PAYMENTS: '3000' });
  const statements: Array<{ sql: string; bindings: unknown[] }> = [];
  const capture = (q: { sql?: unknown; bindings?: unknown }) =>
    void (typeof q.sql === 'string' && statements.push({ sql: q.sql, bindings: Array.isArray(q.bindings) ? q.bindings : [] }));
  let explain: pg.Client;
  beforeAll(async () => {
    app.em().getConnection().getKnex().on('query', capture);
    explain = new pg.Client({ connectionString: inject('apiDatabaseUrl') });
    await explain.connect();
  });
  afterAll(async () => {
    app.em().getConnection().getKnex().off('query', capture);
    await explain.end();
  });

  const cached = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>)
    .map(([path, p]) => ({ path, meta: p._def.meta as Meta | undefined }))
    .filter((p): p is { path: string; meta: Meta & { cache: CachePolicy } } => p.meta?.cache !== undefined);

  /** Requests that take each cached procedure through its statements; a new cached procedure needs its own. */
  async function samples(): Promise<Record<string, Array<{ url: string; headers?: Record<string, string> }>>> {
    const em = app.em();
    const president = await makeProfile(em, { firstName: 'Pre', lastName: 'Sident' });
    const unit = await makeUnit(em, { president, manager: president });
    const type = await makeEventType(em, { administrativeUnit: unit });
    const location = await makeLocation(em);
    const event = await makeEvent(em, { publicOnWeb: true, administrativeUnits: [unit], eventType: type, location });
    const member = await app.user({ username: 'member' });
    const channel = await makeDonorPaymentChannel(em, { vs: '777001', user: await em.findOneOrFail(Profile, member.id), event });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 200, date: addDays(pragueToday(), -3) });
    const [itype] = await execute<Array<{ id: number }>>(em, 'select id from interaction_type order by id limit 1');
    await execute(em, 'insert into interaction (user_id, event_id, type_id, administrative_unit_id, date_from, subject, created, updated) values (?, ?, ?, ?, now(), ?, now(), now())', [
      member.id,
      event.id,
      itype?.id ?? null,
      unit.id,
      'x',
    ]);
    const user = bearer(member.access);
    return {
      'public.administrativeUnits.list': [{ url: '/api/administrative_unit/' }],
      'public.interactionTypes.list': [{ url: '/api/interaction-type/' }],
      'public.events.list': [
        { url: '/api/event/' },
        { url: `/api/event/?administrative_unit=${unit.id}&event_type_array=${type.slug}&type=klub&ordering=-datetime_from` },
        { url: '/api/event/?datetime_from__year=2026&is_internal=true&program_array=a,b&intended_for_array=everyone', headers: user },
      ],
      'public.events.retrieve': [{ url: `/api/event/${event.id}/?interaction_type_id=${itype?.id ?? 1}` }, { url: `/api/event/${event.id}/`, headers: user }],
      'account.checkLastPayment.retrieve': [{ url: '/api/check_last_payment/', headers: user }],
    };
  }

  it('covers every cached procedure, and each reads only what it declares', async () => {
    const requests = await samples();
    expect(Object.keys(requests).sort()).toEqual(cached.map((c) => c.path).sort());
    const [{ rows: triggered }] = [
      await explain.query<{ table: string }>(`select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname like 'klub_changes%'`),
    ];
    const notifying = new Set(triggered.map((r) => r.table));

    for (const { path, meta } of cached) {
      const declared = new Set([...meta.cache.tables, ...Object.keys(meta.cache.rows ?? {})]);
      for (const table of declared) expect(notifying.has(table), `${path}: ${table} has no klub_changes trigger`).toBe(true);
      for (const { url, headers } of requests[path]!) {
        app.responseCache.clear();
        statements.length = 0;
        const res = await app.api(url, { headers });
        expect(res.status, `${path} ${url}: ${res.text}`).toBe(200);
        const read = new Set<string>();
        const selects = statements.filter((s) => /^\s*(select|with)\b/i.test(s.sql));
        expect(selects.length, `${path} ${url} ran no statement`).toBeGreaterThan(0);
        for (const s of selects) {
          const { rows } = await explain.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${s.sql}`, s.bindings);
          relationsOf(rows[0]!['QUERY PLAN'], read);
        }
        const allowed = new Set([...declared, ...(headers ? CREDENTIAL_TABLES : [])]);
        expect([...read].filter((t) => !allowed.has(t)), `${path} ${url} reads undeclared tables`).toEqual([]);
      }
    }
  });
});
