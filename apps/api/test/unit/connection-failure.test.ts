import { describe, expect, it } from 'vitest';
import { isConnectionFailure } from '../../src/trpc/init.js';

describe('isConnectionFailure: lost database or Redis connections are 503s, not 500s', () => {
  it('recognises driver codes, messages, causes and aggregate connect errors', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    expect(isConnectionFailure(withCode('ECONNREFUSED'))).toBe(true);
    expect(isConnectionFailure(withCode('57P01'))).toBe(true);
    expect(isConnectionFailure(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionFailure(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isConnectionFailure(new Error('outer', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isConnectionFailure(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'))).toBe(true);
  });

  it('leaves ordinary bugs alone', () => {
    expect(isConnectionFailure(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isConnectionFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isConnectionFailure('not an error')).toBe(false);
  });
});
