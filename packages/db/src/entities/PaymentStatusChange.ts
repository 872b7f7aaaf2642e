import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { PAYMENT_STATE } from '@klub/contracts';
import { DonorPaymentChannel } from './DonorPaymentChannel.js';

/**
 * A donor channel whose payment state flipped in a nightly payment check (newly late, or back
 * to current), kept so the changes can be listed and e-mailed (jobs.md §5.2, operations.md §4).
 */
const PaymentStatusChangeSchema = defineEntity({
  name: 'PaymentStatusChange',
  tableName: 'payment_status_change',
  indexes: [{ name: 'payment_status_change_detected_at_index', properties: ['detectedAt'] }],
  properties: {
    id: p.bigint('number').primary(),
    donorPaymentChannel: () => p.manyToOne(DonorPaymentChannel).ref().deleteRule('cascade'),
    state: p.enum([...PAYMENT_STATE]),
    expectedRegularPaymentDate: p.date().nullable(),
    detectedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    notifiedAt: p.datetime().nullable(),
  },
});

export interface PaymentStatusChange extends InferEntity<typeof PaymentStatusChangeSchema> {}
export const PaymentStatusChange: EntitySchema<PaymentStatusChange, never> = PaymentStatusChangeSchema;
