import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { buildOpenApiDocument, undescribedFields } from '../../src/rest/openapi.js';
import { createRouteTable } from '../../src/rest/route-table.js';
import { appRouter } from '../../src/routers/index.js';
import { stubOrm, testActorResolver, testEnv } from '../helpers/server.js';

/** The real router against the transport's rules; the endpoints themselves are tested by section. */
describe('appRouter', () => {
  it('boots: every procedure has a policy and no REST input is coerced in place', () => {
    expect(() =>
      createApp({ env: testEnv(), orm: stubOrm(), logger: createLogger({ LOG_LEVEL: 'silent' }), resolveActor: testActorResolver }),
    ).not.toThrow();
  });

  it('documents every field of every REST operation', () => {
    expect(undescribedFields(buildOpenApiDocument(appRouter))).toEqual([]);
  });

  it('gives every REST route a tag and a summary', () => {
    const missing = createRouteTable(appRouter)
      .all()
      .filter((r) => !r.meta.openapi?.tags?.length || !r.meta.openapi.summary)
      .map((r) => r.procedurePath);
    expect(missing).toEqual([]);
  });
});
