import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

/**
 * The installation's generated signing key (used when `SECRET_KEY` is unset): one row, written
 * once by the first process that starts, read by every other (installation-secret.ts).
 */
const InstallationSecretSchema = defineEntity({
  name: 'InstallationSecret',
  tableName: 'installation_secret',
  checks: [{ name: 'installation_secret_one_row_check', expression: 'id = 1' }],
  properties: {
    id: p.smallint().primary().autoincrement(false),
    secretKey: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export interface InstallationSecret extends InferEntity<typeof InstallationSecretSchema> {}
export const InstallationSecret: EntitySchema<InstallationSecret, never> = InstallationSecretSchema;
