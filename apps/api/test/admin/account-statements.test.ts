import { describe, expect, it } from 'vitest';
import { AccountStatement } from '@klub/db';
import { makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

describe('GET /api/admin/account-statements/ (operations.md §3)', () => {
  const app = useKlubApp();

  it('lists and retrieves statements with their import progress, filtered by unit and status', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const [u1, u2] = [await makeUnit(app.em()), await makeUnit(app.em())];
    const em = app.em();
    const done = em.create(AccountStatement, {
      type: 'account_kb',
      administrativeUnit: u1,
      csvFile: 'account_statements/abc-kb.csv',
      dateFrom: '2026-01-01',
      dateTo: '2026-01-31',
      status: 'done',
      progress: 100,
      paymentsTotal: 12,
      paymentsPaired: 10,
      errors: [{ line: 7, message: 'Unknown VS' }],
      pairLog: ' Jan Novák  => no VS\n',
    });
    em.create(AccountStatement, { type: 'account', administrativeUnit: u2, status: 'queued' });
    await em.flush();

    const one = await api('GET', `/api/admin/account-statements/${done.id}/`);
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({
      id: done.id,
      type: 'account_kb',
      administrative_unit: u1.id,
      import_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      csv_file: 'account_statements/abc-kb.csv',
      date_from: '2026-01-01',
      date_to: '2026-01-31',
      status: 'done',
      progress: 100,
      payments_total: 12,
      payments_paired: 10,
      errors: [{ line: 7, message: 'Unknown VS' }],
      pair_log: ' Jan Novák  => no VS\n',
    });
    const byUnit = (await api('GET', `/api/admin/account-statements/?administrative_unit=${u2.id}`)).body as { results: Array<{ id: number; status: string }> };
    expect(byUnit.results.map((s) => s.status)).toEqual(['queued']);
    const byStatus = (await api('GET', '/api/admin/account-statements/?status=done')).body as { count: number };
    expect(byStatus.count).toBe(1);
    expect(await api('PUT', `/api/admin/account-statements/${done.id}/`, {})).toMatchObject({ status: 405 });
    expect(await api('DELETE', `/api/admin/account-statements/${done.id}/`)).toMatchObject({ status: 405 });
  });
});
