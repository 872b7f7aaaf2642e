import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';

describe('loadEnv (operations.md §1)', () => {
  it('fills the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/klub',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      PORT: 8000,
      SUM_LAST_MONTH_PAYMENTS: 0,
      SUM_LAST_YEAR_PAYMENTS: 0,
      DARUJME_ENABLED: false,
      QUEUE_PREFIX: 'klub',
      RATE_LIMIT_ENABLED: true,
      CAPTCHA_PROVIDER: 'none',
      STORAGE_DIR: './var/storage',
      TZ_BUSINESS: 'Europe/Prague',
      PROGRAM_TYPES: ['zmj', 'dpnk', 'lab'],
      CORS_ORIGINS: [],
      LOG_LEVEL: 'info',
    });
    expect(env.SECRET_KEY.length).toBeGreaterThan(10);
  });

  it('parses numbers, flags and lists', () => {
    const env = loadEnv({ PORT: '0', RATE_LIMIT_ENABLED: 'false', DARUJME_ENABLED: '1', PROGRAM_TYPES: 'a, b', CORS_ORIGINS: 'https://x.cz' });
    expect(env).toMatchObject({ PORT: 0, RATE_LIMIT_ENABLED: false, DARUJME_ENABLED: true, PROGRAM_TYPES: ['a', 'b'], CORS_ORIGINS: ['https://x.cz'] });
  });

  it('requires SECRET_KEY in production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(EnvError);
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/^Invalid environment variable SECRET_KEY: is required when NODE_ENV=production$/);
    expect(loadEnv({ NODE_ENV: 'production', SECRET_KEY: 's3cret' }).SECRET_KEY).toBe('s3cret');
  });

  it('names the bad variable in one line', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow('Invalid environment variable PORT: must be an integer between 0 and 65535 (got "eighty")');
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/^Invalid environment variable DATABASE_URL: /);
    expect(() => loadEnv({ RATE_LIMIT_ENABLED: 'maybe' })).toThrow(/RATE_LIMIT_ENABLED: must be true or false/);
  });
});

describe('logger', () => {
  it('redacts credentials', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ LOG_LEVEL: 'info' }, sink);
    log.info({ req: { headers: { authorization: 'Bearer abc', cookie: 'sessionid=x', accept: 'json' } }, body: { password: 'pw', username: 'ann' } }, 'x');
    const out = lines.join('');
    expect(out).not.toMatch(/abc|sessionid=x|"pw"/);
    expect(out).toContain('ann');
    expect(JSON.parse(out)).toMatchObject({ level: 'info', msg: 'x' });
  });
});
