export { EnvError, SECRET_KEY_MIN_BYTES, loadEnv, loadEnvOrExit, type Env, type KeyedEnv } from './env.js';
export type { RateLimit } from './values.js';
