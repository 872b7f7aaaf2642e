import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities/index.js';
import { databaseUrl } from './env.js';
import { NormalizeEmails } from './subscribers.js';

/** src/migrations under tsx and vitest, dist/migrations when compiled. */
const migrationsPath = fileURLToPath(new URL('./migrations', import.meta.url));

export function createOrmConfig(url: string = databaseUrl()): Options {
  return defineConfig({
    clientUrl: url,
    entities,
    subscribers: [new NormalizeEmails()],
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // MikroORM's own `import()` runs outside vite/tsx loaders; importing from this module lets
    // vitest and tsx load the .ts migration files too.
    dynamicImportProvider: (id: string) => import(id) as Promise<unknown>,
    migrations: {
      path: migrationsPath,
      glob: '!(*.d).{js,ts}',
      emit: 'ts',
      snapshot: true,
      // One snapshot whatever the database is called (klub, klub_db_test, …).
      snapshotName: '.snapshot-klub',
      transactional: true,
      allOrNothing: true,
      // The default wraps migrations in `session_replication_role = replica`, which needs a superuser.
      disableForeignKeys: false,
    },
  });
}
