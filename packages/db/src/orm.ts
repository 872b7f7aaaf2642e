import { MikroORM } from '@mikro-orm/postgresql';
import { ensureBuiltinRows } from './builtins.js';
import { createOrmConfig } from './mikro-orm.config.js';

export async function initOrm(databaseUrl?: string): Promise<MikroORM> {
  return MikroORM.init(createOrmConfig(databaseUrl));
}

/** Applies pending migrations, then makes sure the built-in rows exist. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
  await ensureBuiltinRows(orm.em.fork());
}
