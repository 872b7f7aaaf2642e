import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AdministrativeUnit, Profile } from '@klub/db';
import { createUserAccount } from '@klub/domain';

/**
 * The start of the comment `scripts/ensure-env.sh` puts on a database it creates (keep the two
 * in step). Only such a database, made on a developer's or a demo machine, ever receives demo
 * data by itself: an operator's database, created by hand or by a hosting service, never does.
 */
export const DEMO_DATABASE_MARK = 'klub:demo-database';

/**
 * Whether `migrate --seed-demo-if-empty` loads demo data: only while nobody and nothing is
 * configured yet (an operator's data is never mixed with demo rows; nothing to say otherwise),
 * never with `NODE_ENV=production`, and only into a database that ensure-env.sh created. A
 * refusal of an empty database says why.
 */
export async function demoSeedDecision(
  em: EntityManager,
  nodeEnv: string,
): Promise<{ seed: boolean; reason?: string }> {
  if ((await em.count(AdministrativeUnit, {})) > 0 || (await em.count(Profile, {})) > 0) return { seed: false };
  if (nodeEnv === 'production') return { seed: false, reason: 'NODE_ENV=production' };
  const [row] = await em
    .getConnection()
    .execute<Array<{ comment: string | null }>>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()`,
    );
  if (!row?.comment?.startsWith(DEMO_DATABASE_MARK))
    return { seed: false, reason: 'the database was not created by scripts/ensure-env.sh' };
  return { seed: true };
}

/** The back office's account on a demo database (README: "The back office"). */
export const DEMO_SUPERUSER = 'demo-admin';

/**
 * A superuser to sign in to the back office with, made with the demo data: its password is
 * generated here, for this database only, and printed once by `pnpm start`, so no password
 * is ever written in the repository.
 */
export async function createDemoSuperuser(em: EntityManager): Promise<{ username: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  await createUserAccount(em, { username: DEMO_SUPERUSER, email: 'demo-admin@example.org', password, isStaff: true, isSuperuser: true });
  return { username: DEMO_SUPERUSER, password };
}
