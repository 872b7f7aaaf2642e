import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Profile } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeUnit } from '@klub/db/testing';
import { generateTaxConfirmations } from '@klub/domain';
import { renderTaxConfirmation } from '@klub/pdfs';
import { fileStorageAt } from '@klub/storage';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { EN, superuser } from '../admin/helpers.js';

/**
 * Issue 20 × issue 17 §1: tax confirmations narrow to the caller's units as every admin
 * resource does (apps/api/test/admin/unit-scope.test.ts). Two units, a donor each; every
 * endpoint × every role. Unit staff reading another unit's data get 404 and never a byte of it;
 * work addressed to another unit (generate, send, a template change) is 403.
 */

const storage = mkdtempSync(join(tmpdir(), 'klub-api-tax-scope-'));
const MARK = { A: 'alphadonor', B: 'bravodonor' } as const;
type Side = keyof typeof MARK;
type Role = 'superuser' | 'organisation' | 'unitA' | 'unitB' | 'nonStaff';
const ROLES: readonly Role[] = ['superuser', 'organisation', 'unitA', 'unitB', 'nonStaff'];
const OWN: Partial<Record<Role, Side>> = { unitA: 'A', unitB: 'B' };

async function world(app: KlubApp) {
  const em = app.em();
  const su = await superuser(app);
  const units = {} as Record<Side, { unit: number; donor: number; confirmation: number }>;
  for (const side of ['A', 'B'] as const) {
    const unit = await makeUnit(em, { name: `Unit ${side}` });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const login = await app.user({ username: MARK[side], firstName: MARK[side], lastName: 'Donor' });
    const profile = await em.findOneOrFail(Profile, login.id);
    const channel = await makeDonorPaymentChannel(em, { vs: side === 'A' ? '7001' : '7002', user: profile, moneyAccount: account });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 1500, date: '2026-03-03' });
    await generateTaxConfirmations(em, { administrativeUnitId: unit.id, year: 2026 }, { files: fileStorageAt(storage), render: renderTaxConfirmation });
    const [row] = await execute<Array<{ id: number }>>(em, 'select id from tax_confirmation where administrative_unit_id = ?', [unit.id]);
    units[side] = { unit: unit.id, donor: login.id, confirmation: row!.id };
  }
  const organisation = await app.user({ username: 'org-staff', isStaff: true, roles: ['edit_all_units'] });
  const unitA = await app.user({ username: 'unit-a-staff', isStaff: true });
  const unitB = await app.user({ username: 'unit-b-staff', isStaff: true });
  const plain = await app.user({ username: 'plain-user' });
  await em.getConnection().execute('insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?), (?, ?)', [
    unitA.id,
    units.A.unit,
    unitB.id,
    units.B.unit,
  ]);
  const bearer = (access: string) => ({ authorization: `Bearer ${access}`, ...EN });
  const callers: Record<Role, Record<string, string>> = {
    superuser: su.headers,
    organisation: bearer(organisation.access),
    unitA: bearer(unitA.access),
    unitB: bearer(unitB.access),
    nonStaff: bearer(plain.access),
  };
  return { units, callers };
}

describe('tax confirmations for unit-scoped staff (issue 20, issue 17 §1)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('answers every endpoint × role by the unit rule, and never with the other unit’s data', async () => {
    const { units, callers } = await world(app);
    const failures: string[] = [];
    for (const role of ROLES) {
      const own = OWN[role];
      const leak = own ? MARK[own === 'A' ? 'B' : 'A'] : null;
      const call = async (method: string, path: string, json?: unknown) => {
        const res = await app.api(path, { method, headers: callers[role], ...(json === undefined ? {} : { json }) });
        if (leak && res.text.toLowerCase().includes(leak)) failures.push(`${role} ${method} ${path}: answer holds ${leak}`);
        return res;
      };
      const expectStatus = (what: string, got: { status: number; text: string }, want: number) => {
        if (got.status !== want) failures.push(`${role} ${what}: ${got.status} (want ${want}) ${got.text.slice(0, 200)}`);
      };

      const list = await call('GET', '/api/admin/tax_confirmations/?year=2026&page_size=100');
      if (role === 'nonStaff') {
        expectStatus('list', list, 403);
      } else {
        expectStatus('list', list, 200);
        const listed = ((list.body as { results?: Array<{ id: number }> }).results ?? []).map((r) => r.id);
        for (const side of ['A', 'B'] as const) {
          const seen = !own || own === side;
          if (listed.includes(units[side].confirmation) !== seen) failures.push(`${role} list: confirmation of ${side} listed=${!seen}`);
        }
      }

      for (const side of ['A', 'B'] as const) {
        const { unit, confirmation } = units[side];
        // Reads: 404 outside the caller's units.
        const read = role === 'nonStaff' ? 403 : own && own !== side ? 404 : 200;
        expectStatus(`download ${side}`, await call('GET', `/api/admin/tax_confirmations/${confirmation}/download/`), read);
        expectStatus(`zip ${side}`, await call('GET', `/api/admin/tax_confirmations/zip/?administrative_unit=${unit}&year=2026`), read);
        expectStatus(`preview ${side}`, await call('GET', `/api/admin/tax_confirmations/preview/?administrative_unit=${unit}&year=2026`), read);
        expectStatus(`template ${side}`, await call('GET', `/api/admin/tax_confirmations/templates/${unit}/`), read);
        // Work addressed to a unit: 403 outside the caller's units.
        const write = role === 'nonStaff' || (own && own !== side) ? 403 : 202;
        expectStatus(`generate ${side}`, await call('POST', '/api/admin/tax_confirmations/generate/', { administrative_unit: unit, year: 2026 }), write);
        expectStatus(`send ${side}`, await call('POST', '/api/admin/tax_confirmations/send/', { administrative_unit: unit, year: 2026 }), write);
        expectStatus(
          `template change ${side}`,
          await call('PATCH', `/api/admin/tax_confirmations/templates/${unit}/`, { signatory: `${role} signs` }),
          write === 202 ? 200 : 403,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows a generation job’s progress to its unit’s staff only', async () => {
    const { units, callers } = await world(app);
    const started = await app.api('/api/admin/tax_confirmations/generate/', { method: 'POST', headers: callers.unitA, json: { administrative_unit: units.A.unit, year: 2026 } });
    expect(started.status, started.text).toBe(202);
    const { job_id, status_url } = started.body as { job_id: string; status_url: string };
    expect(status_url).toBe(`/api/admin/tax_confirmations/jobs/${job_id}/`);
    // The general jobs view stays the organisation's.
    expect((await app.api(`/api/admin/jobs/${job_id}/`, { headers: callers.unitA })).status).toBe(403);
    // No queue is connected in this test: 503 means the unit check let the caller through.
    expect((await app.api(status_url, { headers: callers.unitA })).status).toBe(503);
    expect((await app.api(status_url, { headers: callers.organisation })).status).toBe(503);
    expect((await app.api(status_url, { headers: callers.unitB })).status).toBe(404);
    expect((await app.api(status_url, { headers: callers.nonStaff })).status).toBe(403);
    // Another kind of job is not this resource's.
    const check = await app.api('/api/admin/payments/check/', { method: 'POST', headers: callers.organisation, json: {} });
    expect(check.status).toBe(202);
    const other = (check.body as { job_id: string }).job_id;
    expect((await app.api(`/api/admin/tax_confirmations/jobs/${other}/`, { headers: callers.organisation })).status).toBe(404);
  });
});
