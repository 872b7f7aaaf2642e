import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { paymentsDarujmeSync } from '@klub/contracts';
import { execute, makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { ZDarujmeResponse, type DarujmeClient } from '@klub/domain';
import { useHarness } from '../helpers/harness.js';

const response = ZDarujmeResponse.parse(
  JSON.parse(
    await readFile(new URL('../../../../packages/domain/test/fixtures/darujme_response.json', import.meta.url), 'utf8'),
  ),
);

describe('payments.darujme-sync (jobs.md §7)', () => {
  const h = useHarness('payments-darujme');

  it('imports through the client interface and skips accounts whose call fails', async () => {
    const em = h.orm.em.fork();
    const unit = await makeUnit(em);
    const event = await makeEvent(em, { administrativeUnits: [unit] });
    const common = {
      kind: 'api' as const,
      administrativeUnit: unit,
      bankAccountNumber: null,
      apiId: 1,
      apiSecret: 's',
      event,
    };
    const ok = await makeMoneyAccount(em, { ...common, projectName: 'ok', projectId: 1, apiOrganizationId: 1 });
    const broken = await makeMoneyAccount(em, { ...common, projectName: 'broken', projectId: 2, apiOrganizationId: 2 });
    const client: DarujmeClient = {
      pledges: async (account) => {
        if (account.projectId === 2) throw new Error('Darujme answered 503');
        return response.pledges;
      },
    };
    h.start({ darujme: client });
    const job = await h.queues.payments.add(paymentsDarujmeSync.name, {});
    const results = await job.waitUntilFinished(h.events.payments, 15_000);
    expect(results).toEqual([
      expect.objectContaining({ moneyAccountId: ok.id, donors: 2, newPayments: 3 }),
      expect.objectContaining({ moneyAccountId: broken.id, newPayments: 0, error: 'Darujme answered 503' }),
    ]);
    expect(await execute(em, 'select count(*)::int as n from payment')).toEqual([{ n: 3 }]);
  });
});
