import { adminDonorPaymentChannels } from '@klub/contracts';
import { AdministrativeUnit, DonorPaymentChannel, Event, MoneyAccount } from '@klub/db';
import { ValidationError } from '../../errors.js';
import { generateVariableSymbol } from '../../payments/variable-symbol.js';
import { defineAdminEntity } from '../resource.js';
import { reach } from '../unit-scope.js';
import { moneyAccountsAdmin } from './money-accounts.js';

const refId = (v: unknown): number => (v as { id: number }).id;

/**
 * Donor payment channels (domain.md §3.3): the unit is always the money account's, and a
 * blank VS is generated under the unit's lock (the admin write is one transaction), so the
 * same rules hold as for the public registration endpoints.
 */
export const donorPaymentChannelsAdmin = defineAdminEntity({
  schemas: adminDonorPaymentChannels,
  entity: DonorPaymentChannel,
  label: 'donor payment channel',
  // Its own administrative_unit_id is a copy of the account's (prepare below); the account is the truth.
  units: reach.through('money_account_id', 'money_account', moneyAccountsAdmin.units),
  search: ['vs', 'ss', 'user.email', 'user.lastName'],
  // Its late/current history goes with it; payments never do (they block the delete).
  owns: ['payment_status_change'],
  defaults: () => ({ VS: '' }),
  prepare: async ({ em, entity, input }) => {
    const account = await em.findOneOrFail(MoneyAccount, refId(entity.moneyAccount));
    const unitId = account.administrativeUnit.id;
    entity.administrativeUnit = em.getReference(AdministrativeUnit, unitId, { wrapped: true });
    const vs = entity.vs as string;
    if (vs === '') {
      const event = await em.findOneOrFail(Event, refId(entity.event));
      entity.vs = await generateVariableSymbol(em, unitId, event.variableSymbolPrefix);
    } else if (input.VS !== undefined || input.money_account !== undefined) {
      const clash = await em.count(DonorPaymentChannel, {
        administrativeUnit: unitId,
        vs,
        ...(entity.id ? { id: { $ne: entity.id } } : {}),
      });
      if (clash) throw ValidationError.field('VS', 'Duplicate VS');
    }
  },
});
