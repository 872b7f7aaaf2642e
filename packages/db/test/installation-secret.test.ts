import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '@klub/config';
import { GENERATED_KEY_NOTICE, initOrm, installationSecretKey, withSecretKey } from '../src/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

describe('the installation signing key (issue 15 §1)', () => {
  const orms: MikroORM[] = [];
  beforeAll(async () => {
    // Separate pools, as separate processes would have.
    for (let i = 0; i < 4; i++) orms.push(await initOrm(TEST_DATABASE_URL));
    await orms[0]!.em.getConnection().execute('delete from installation_secret');
  });
  afterAll(async () => {
    await Promise.all(orms.map((o) => o.close(true)));
  });

  it('is made once, 256 random bits, and every process racing at first start gets the same one', async () => {
    const results = await Promise.all(orms.flatMap((o) => [installationSecretKey(o), installationSecretKey(o)]));
    expect(results.filter((r) => r.generated)).toHaveLength(1);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(Buffer.from(results[0]!.key, 'base64url')).toHaveLength(32);
  });

  it('is used only when SECRET_KEY is unset, and its making is told once', async () => {
    const warnings: string[] = [];
    const stored = (await installationSecretKey(orms[0]!)).key;
    const unset = await withSecretKey(loadEnv({ NODE_ENV: 'production' }), orms[1]!, (m) => warnings.push(m));
    expect(unset.SECRET_KEY).toBe(stored);
    expect(warnings).toEqual([]);
    const set = 'x'.repeat(40);
    expect((await withSecretKey(loadEnv({ SECRET_KEY: set }), orms[1]!, (m) => warnings.push(m))).SECRET_KEY).toBe(set);

    await orms[0]!.em.getConnection().execute('delete from installation_secret');
    const fresh = await withSecretKey(loadEnv({}), orms[2]!, (m) => warnings.push(m));
    expect(fresh.SECRET_KEY).not.toBe(stored);
    expect(warnings).toEqual([GENERATED_KEY_NOTICE]);
    expect(GENERATED_KEY_NOTICE).toMatch(/SECRET_KEY/);
  });
});
