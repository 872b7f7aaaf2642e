import { createOrmConfig } from './mikro-orm.config.js';

/**
 * The configuration `pnpm mikro-orm` (the MikroORM CLI) loads, on `DATABASE_URL`. Apart from
 * mikro-orm.config.ts so that importing @klub/db does not read the environment.
 */
export default createOrmConfig();
