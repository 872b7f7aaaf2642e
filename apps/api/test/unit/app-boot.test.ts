import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { field } from '@klub/contracts';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { baseProcedure, router } from '../../src/trpc/init.js';
import { publicProcedure, rest } from '../../src/trpc/procedures.js';
import { stubOrm, testActorResolver, testEnv } from '../helpers/server.js';

const boot = (r: ReturnType<typeof router>) => () =>
  createApp({ env: testEnv(), orm: stubOrm(), logger: createLogger({ LOG_LEVEL: 'silent' }), resolveActor: testActorResolver, router: r });

describe('createApp refuses a router that would break the contract', () => {
  it('refuses a procedure without a policy builder', () => {
    const r = router({ raw: baseProcedure.meta(rest('GET', '/raw/', { tags: ['t'], summary: 'raw' })).query(() => 1) });
    expect(boot(r)).toThrow(/raw has no valid meta.policy/);
  });

  it('refuses bare number/boolean schemas in REST inputs (trpc-to-openapi coerces them in place)', () => {
    const r = router({
      make: publicProcedure
        .meta(rest('POST', '/make/', { tags: ['t'], summary: 'make' }))
        .input(z.object({ amount: z.number(), nested: z.object({ ok: z.boolean() }), fine: field.integer() }))
        .mutation(() => 1),
    });
    expect(boot(r)).toThrow('make.amount, make.nested.ok');
  });

  it('accepts the field builders', () => {
    const r = router({
      make: publicProcedure
        .meta(rest('POST', '/make/', { tags: ['t'], summary: 'make' }))
        .input(z.object({ amount: field.integer(), ok: field.boolean().optional(), when: field.datetime() }))
        .output(z.number())
        .mutation(() => 1),
    });
    expect(boot(r)).not.toThrow();
  });
});
