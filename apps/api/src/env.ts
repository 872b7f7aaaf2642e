/**
 * The API's door to the one environment module, @klub/config, which the worker and the CLI read
 * too (same names, defaults and parsing). `Env` is the configuration as read; `KeyedEnv` has the
 * signing key resolved (`withSecretKey` of @klub/db), which is what the app is given.
 */
export { EnvError, loadEnv, loadEnvOrExit, type Env, type KeyedEnv, type RateLimit } from '@klub/config';
