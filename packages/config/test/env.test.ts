import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../src/index.js';

describe('loadEnv (operations.md §1, README configuration)', () => {
  it('fills the documented defaults', () => {
    expect(loadEnv({})).toMatchObject({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/klub',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      PORT: 8000,
      SUM_LAST_MONTH_PAYMENTS: 0,
      SUM_LAST_YEAR_PAYMENTS: 0,
      DARUJME_ENABLED: false,
      DARUJME_EMAIL_AS_USERNAME: false,
      WORKER_CONCURRENCY: 4,
      PAYMENTS_CONCURRENCY: 1,
      QUEUE_PREFIX: 'klub',
      RATE_LIMIT_ENABLED: true,
      CAPTCHA_PROVIDER: 'none',
      STORAGE_DIR: './var/storage',
      TZ_BUSINESS: 'Europe/Prague',
      PROGRAM_TYPES: ['zmj', 'dpnk', 'lab'],
      CORS_ORIGINS: [],
      LOG_LEVEL: 'info',
    });
  });

  it('parses numbers, flags and lists', () => {
    const env = loadEnv({ PORT: '0', RATE_LIMIT_ENABLED: 'false', DARUJME_ENABLED: '1', PROGRAM_TYPES: 'a, b', CORS_ORIGINS: 'https://x.cz' });
    expect(env).toMatchObject({ PORT: 0, RATE_LIMIT_ENABLED: false, DARUJME_ENABLED: true, PROGRAM_TYPES: ['a', 'b'], CORS_ORIGINS: ['https://x.cz'] });
  });

  it('reads every flag the same way: on/off, yes/no, 1/0, true/false, any case', () => {
    const flags = ['DARUJME_ENABLED', 'DARUJME_EMAIL_AS_USERNAME', 'RATE_LIMIT_ENABLED'] as const;
    for (const name of flags) {
      for (const on of ['on', 'ON', 'yes', '1', 'true', ' True ']) expect(loadEnv({ [name]: on })[name]).toBe(true);
      for (const off of ['off', 'no', '0', 'false', 'FALSE', '']) expect(loadEnv({ [name]: off })[name]).toBe(false);
      expect(() => loadEnv({ [name]: 'maybe' })).toThrow(`Invalid environment variable ${name}: must be true or false (also on/off, yes/no, 1/0) (got "maybe")`);
    }
  });

  it('has no signing key of its own: unset or empty SECRET_KEY is left to the installation, in every mode', () => {
    for (const NODE_ENV of ['development', 'production', 'test']) {
      expect(loadEnv({ NODE_ENV }).SECRET_KEY).toBeUndefined();
      expect(loadEnv({ NODE_ENV, SECRET_KEY: '' }).SECRET_KEY).toBeUndefined();
    }
    const key = 'k'.repeat(32);
    expect(loadEnv({ NODE_ENV: 'production', SECRET_KEY: key }).SECRET_KEY).toBe(key);
  });

  it('refuses a SECRET_KEY shorter than 32 bytes, without echoing it', () => {
    const short = 'a-short-but-secret-key-31-bytes';
    expect(Buffer.byteLength(short)).toBe(31);
    expect(() => loadEnv({ SECRET_KEY: short })).toThrow(EnvError);
    expect(() => loadEnv({ SECRET_KEY: short })).toThrow(/^Invalid environment variable SECRET_KEY: must be at least 32 bytes/);
    expect(() => loadEnv({ SECRET_KEY: short })).not.toThrow(short);
    // Bytes, not characters: 16 two-byte letters are 32 bytes.
    expect(loadEnv({ SECRET_KEY: 'ž'.repeat(16) }).SECRET_KEY).toBe('ž'.repeat(16));
  });

  it('names the bad variable in one line', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow('Invalid environment variable PORT: must be an integer between 0 and 65535 (got "eighty")');
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/^Invalid environment variable DATABASE_URL: /);
    expect(() => loadEnv({ WORKER_CONCURRENCY: '0' })).toThrow('Invalid environment variable WORKER_CONCURRENCY: must be an integer between 1 and 64 (got "0")');
  });
});
