import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

/**
 * The answer given to one public sign-up request (api.md §8), by the key the API's sign-up writer
 * gave the request. Written by the sign-up's own statement, so it commits with the sign-up; read
 * only when the writer lost its connection after sending COMMIT and must learn whether the request
 * was written (then it answers from here instead of writing a second interaction and e-mail). A
 * plain id, not a relation: a receipt records an answer, and is pruned after a day.
 */
const SignupReceiptSchema = defineEntity({
  name: 'SignupReceipt',
  tableName: 'signup_receipt',
  properties: {
    key: p.uuid().primary(),
    userId: p.integer(),
    created: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface SignupReceipt extends InferEntity<typeof SignupReceiptSchema> {}
export const SignupReceipt: EntitySchema<SignupReceipt, never> = SignupReceiptSchema;
