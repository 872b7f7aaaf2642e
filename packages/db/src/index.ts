export * from './entities/index.js';
export {
  BUILTIN_INTERACTION_CATEGORIES,
  BUILTIN_INTERACTION_TYPES,
  EVENT_CREATOR_POSITION,
  UNKNOWN_INTERACTION_STATUS,
  ensureBuiltinRows,
} from './builtins.js';
export { createOrmConfig } from './mikro-orm.config.js';
export { GENERATED_KEY_NOTICE, installationSecretKey, withSecretKey } from './installation-secret.js';
export { initOrm, migrate } from './orm.js';
export { EVENT_NAME_ORDER_SQL, FOLD_SQL, PROFILE_SEARCH_SQL } from './search.js';
export { seedDemo } from './seeders/demo.js';
