import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Env, KeyedEnv } from '@klub/config';

/**
 * The installation's signing key when `SECRET_KEY` is unset: 256 random bits, made by the first
 * process that starts and kept in the database, where every API process, the worker and the CLI
 * of the installation find the same one. Never a constant: a key written in the source would let
 * anyone who reads it sign `{"user_id": 1}`.
 *
 * The insert is `on conflict do nothing` and the key is read back in a second statement, so two
 * processes starting at once agree: the loser's insert waits for the winner's commit, and its
 * read, a new statement, sees the winner's row.
 */
export async function installationSecretKey(orm: MikroORM): Promise<{ key: string; generated: boolean }> {
  const conn = orm.em.getConnection();
  try {
    const inserted = await conn.execute<Array<{ id: number }>>(
      `insert into installation_secret (id, secret_key) values (1, ?) on conflict (id) do nothing returning id`,
      [randomBytes(32).toString('base64url')],
    );
    const [row] = await conn.execute<Array<{ secret_key: string }>>(`select secret_key from installation_secret where id = 1`);
    if (!row) throw new Error('installation_secret has no row');
    return { key: row.secret_key, generated: inserted.length > 0 };
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') {
      throw new Error('the database has no installation_secret table: run `pnpm klub migrate` first (or set SECRET_KEY)', { cause: err });
    }
    throw err;
  }
}

export const GENERATED_KEY_NOTICE =
  'SECRET_KEY is unset: generated a random signing key and stored it in the database (table installation_secret), ' +
  'where every process of this installation finds it. To choose the key yourself, set SECRET_KEY to at least 32 random bytes ' +
  '(e.g. `openssl rand -base64 32`) in every process; changing it invalidates every issued JWT and password-reset link.';

/**
 * `env` with its signing key: `SECRET_KEY` when set, else the installation's (made on the first
 * start, when `warn` is told so: once per installation, not once per process).
 */
export async function withSecretKey(env: Env, orm: MikroORM, warn: (message: string) => void): Promise<KeyedEnv> {
  if (env.SECRET_KEY !== undefined) return { ...env, SECRET_KEY: env.SECRET_KEY };
  const { key, generated } = await installationSecretKey(orm);
  if (generated) warn(GENERATED_KEY_NOTICE);
  return { ...env, SECRET_KEY: key };
}
