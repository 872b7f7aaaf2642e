import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller } from './helpers.js';
import { twoUnits } from './unit-scope-fixture.js';

/**
 * The dashboard (issue 18 screen 1): `GET /api/admin/dashboard/` on real PostgreSQL, for a
 * superuser and for staff of one unit (issue 17 §1), who must see their unit's figures only.
 */

interface Dashboard {
  months: Array<{ month: string; members: number; income: number }>;
  late_this_month: { count: number; results: Array<{ channel: number; name: string; VS: string | null; profile: number }> };
  accounts: Array<{ id: number; administrative_unit: number; days_since: number | null; last_date_to: string | null }>;
  failed_jobs: unknown;
}

/** `YYYY-MM-01` of the month `back` months before today's (Europe/Prague). */
function monthStart(back: number): string {
  const [y, m] = pragueToday().split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 10);
}
const dayOf = (back: number, day: number) => `${monthStart(back).slice(0, 8)}${String(day).padStart(2, '0')}`;

const storage = mkdtempSync(join(tmpdir(), 'klub-dashboard-'));

describe('the back office dashboard (issue 18)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('answers the figures of the caller’s units in one statement', async () => {
    const t = await twoUnits(app);
    const { A, B } = t.units;
    const em = app.em();
    const conn = em.getConnection();
    // Payments this month and two months ago; B's large one must never reach unit A's figures.
    for (const [channel, date, amount] of [
      [A.channel, dayOf(0, 1), 300],
      [A.channel, dayOf(2, 15), 200],
      [B.channel, dayOf(0, 1), 7000],
    ] as const) {
      const res = await t.su('POST', '/api/admin/payments/', { date, amount, type: 'cash', user_donor_payment_channel: channel });
      expect(res.status, res.text).toBe(201);
    }
    // An unpaired payment on A's account is income, but nobody's membership.
    const unpaired = await t.su('POST', '/api/admin/payments/', { date: dayOf(0, 1), amount: 50, type: 'bank-transfer', recipient_account: A.account });
    expect(unpaired.status, unpaired.text).toBe(201);

    // Both channels became late this month; a third of A was late already last month.
    const oldChannel = t.rows['donor-payment-channels']!.A;
    await conn.execute(`update donor_payment_channel set is_late = true where id in (?, ?, ?)`, [A.channel, B.channel, oldChannel]);
    await conn.execute(
      `insert into payment_status_change (donor_payment_channel_id, state, detected_at)
       values (?, 'late', now()), (?, 'late', now()), (?, 'late', now() - interval '40 days')`,
      [A.channel, B.channel, oldChannel],
    );

    // A's account had a statement imported three days ago; B's account never had one.
    const [statement] = await conn.execute<Array<{ id: number }>>(
      `insert into account_statement (type, import_date, administrative_unit_id, status, date_from, date_to, csv_file, pair_log, errors)
       values ('account', now() - interval '3 days', ?, 'done', ?, ?, '', '', '[]') returning id`,
      [A.unit, dayOf(1, 1), dayOf(1, 28)],
    );
    await conn.execute(`insert into payment (date, amount, type, recipient_account_id, account_statement_id) values (?, 1, 'bank-transfer', ?, ?)`, [
      dayOf(1, 2),
      A.account,
      statement!.id,
    ]);

    let statements = 0;
    const count = () => void statements++;
    const knex = conn.getKnex();
    const read = async (headers: Record<string, string>) => {
      const res = await caller(app, headers)('GET', '/api/admin/dashboard/');
      expect(res.status, res.text).toBe(200);
      return res.body as Dashboard;
    };

    await read(t.callers.superuser); // warm-up: the ORM's first-use lookups
    knex.on('query', count);
    const su = await read(t.callers.superuser);
    knex.off('query', count);
    // The caller's access (one lookup) and the dashboard itself (one statement).
    expect(statements).toBeLessThanOrEqual(2);

    expect(su.months).toHaveLength(24);
    expect(su.months[23]!.month).toBe(monthStart(0));
    expect(su.months[0]!.month).toBe(monthStart(23));
    const month = (d: Dashboard, back: number) => d.months.find((m) => m.month === monthStart(back))!;
    expect(month(su, 0)).toEqual({ month: monthStart(0), members: 2, income: 7350 });
    expect(month(su, 2)).toMatchObject({ members: 1, income: 200 });
    expect(su.late_this_month.count).toBe(2);
    expect(su.late_this_month.results.map((r) => r.channel).sort()).toEqual([A.channel, B.channel].sort());
    const accountOf = (d: Dashboard, id: number) => d.accounts.find((a) => a.id === id);
    expect(accountOf(su, A.account)).toMatchObject({ days_since: 3, last_date_to: dayOf(1, 28) });
    expect(accountOf(su, B.account)).toMatchObject({ days_since: null, last_date_to: null });
    // Never imported first: the account that waits longest.
    expect(su.accounts[0]!.days_since).toBeNull();
    expect(su.failed_jobs).toBeNull(); // no queues in this test app

    const a = await read(t.callers.unitA);
    expect(month(a, 0)).toEqual({ month: monthStart(0), members: 1, income: 350 });
    expect(month(a, 2)).toMatchObject({ members: 1, income: 200 });
    expect(a.late_this_month).toEqual({
      count: 1,
      results: [expect.objectContaining({ channel: A.channel, profile: A.person, name: `${A.mark} ${A.mark}` })],
    });
    expect(a.accounts.length).toBeGreaterThan(0);
    expect(a.accounts.every((acc) => acc.administrative_unit === A.unit)).toBe(true);
    expect(accountOf(a, A.account)).toMatchObject({ days_since: 3 });
    expect(JSON.stringify(a)).not.toContain(B.mark);
    expect(a.failed_jobs).toBeNull();

    const b = await read(t.callers.unitB);
    expect(month(b, 0)).toEqual({ month: monthStart(0), members: 1, income: 7000 });
    expect(b.late_this_month.results.map((r) => r.channel)).toEqual([B.channel]);

    const plain = await caller(app, t.callers.nonStaff)('GET', '/api/admin/dashboard/');
    expect(plain.status).toBe(403);
  });

  it('answers many people’s names in one read, only those the caller sees', async () => {
    const t = await twoUnits(app);
    const { A, B } = t.units;
    const names = async (headers: Record<string, string>, query: string) => caller(app, headers)('GET', `/api/admin/people/names/?${query}`);
    const both = await names(t.callers.superuser, `id=${A.person}&id=${B.person}&id=999999`);
    expect(both.status, both.text).toBe(200);
    const row = (u: typeof A) => ({ id: u.person, name: `${u.mark} ${u.mark}`, first_name: u.mark, last_name: u.mark, email: u.email });
    expect(both.body).toEqual([row(A), row(B)].sort((x, y) => x.id - y.id));
    const one = await names(t.callers.unitA, `id=${A.person}&id=${B.person}`);
    expect(one.body).toEqual([row(A)]);
    const single = await names(t.callers.unitA, `id=${A.person}`);
    expect(single.body).toEqual([row(A)]);
    const bad = await names(t.callers.superuser, 'id=x');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ id: { 0: [expect.any(String)] } });
  });
});
