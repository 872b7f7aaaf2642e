import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

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
