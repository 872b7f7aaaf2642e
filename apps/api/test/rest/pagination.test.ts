import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ router: testRouter });
});
afterAll(async () => {
  await s.close();
});

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: Array<{ id: number }>;
}

const get = async (query: string, path = '/api/event/') => {
  const r = await call(`${s.url}${path}${query}`, { headers: { 'accept-language': 'en' } });
  return { status: r.status, body: r.body as Page };
};

/** A link as path + sorted query, which is how api.md §1.6 says to compare them. */
const link = (url: string | null) => {
  if (url === null) return null;
  const u = new URL(url);
  return `${u.pathname}?${[...u.searchParams].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
};

const ids = (p: Page) => p.results.map((r) => r.id);

describe('page-number pagination (api.md §1.6)', () => {
  it('serves page 1 of 10 by default with absolute links', async () => {
    const { status, body } = await get('?total=57');
    expect(status).toBe(200);
    expect(body.count).toBe(57);
    expect(ids(body)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(body.previous).toBeNull();
    expect(body.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/event\/\?/);
    expect(link(body.next)).toBe('/api/event/?page=2&total=57');
  });

  it('links the middle page both ways; the link to page 1 has no page parameter', async () => {
    const { body } = await get('?total=57&page=2&page_size=20');
    expect(ids(body)[0]).toBe(21);
    expect(link(body.next)).toBe('/api/event/?page=3&page_size=20&total=57');
    expect(link(body.previous)).toBe('/api/event/?page_size=20&total=57');
  });

  it('understands page=last', async () => {
    const { status, body } = await get('?total=57&page=last');
    expect(status).toBe(200);
    expect(ids(body)).toEqual([51, 52, 53, 54, 55, 56, 57]);
    expect(body.next).toBeNull();
    expect(link(body.previous)).toBe('/api/event/?page=5&total=57');
    expect((await get('?total=0&page=last')).body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it('serves an empty first page', async () => {
    const { status, body } = await get('?total=0');
    expect(status).toBe(200);
    expect(body).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await get('?total=0&page=1')).status).toBe(200);
  });

  it.each(['0', '-1', 'abc', '1.5', '7', ''])('answers page=%s with 404 Invalid page. unless it exists', async (page) => {
    const r = await get(`?total=57&page=${page}`);
    if (page === '') {
      expect(r.status).toBe(200);
      return;
    }
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ detail: 'Invalid page.' });
  });

  it('says Invalid page. in Czech by default', async () => {
    const r = await call(`${s.url}/api/event/?total=3&page=2`);
    expect(r).toMatchObject({ status: 404, body: { detail: 'Nevalidní strana.' } });
  });

  it('caps page_size at 100 and ignores invalid values', async () => {
    expect((await get('?total=250&page_size=1000')).body.results).toHaveLength(100);
    expect((await get('?total=250&page_size=100')).body.results).toHaveLength(100);
    expect((await get(`?total=250&page_size=${'9'.repeat(400)}`)).body.results).toHaveLength(100);
    for (const size of ['0', '-5', 'abc', '2.5']) {
      const r = await get(`?total=57&page_size=${size}`);
      expect(r.status).toBe(200);
      expect(r.body.results).toHaveLength(10);
    }
    expect((await get('?total=57&page_size=3')).body.results).toHaveLength(3);
  });

  it('keeps unknown query parameters and the requested alias in the links', async () => {
    const { body } = await get('?total=30&foo=bar', '/api/bronto/event/');
    expect(link(body.next)).toBe('/api/bronto/event/?foo=bar&page=2&total=30');
  });

  it('works the same for a count-first resolver (pageWindow)', async () => {
    const a = await get('?total=23&page=last', '/api/counted/');
    expect(ids(a.body)).toEqual([21, 22, 23]);
    expect(link(a.body.previous)).toBe('/api/counted/?page=2&total=23');
    expect((await get('?total=23&page=4', '/api/counted/')).status).toBe(404);
  });
});

describe('ordering (api.md §1.7, DRF OrderingFilter)', () => {
  const order = async (q: string) => (await call(`${s.url}/api/ordered/${q}`)).body;

  it('maps allowed names to properties with direction', async () => {
    expect(await order('?ordering=-age,name')).toEqual([
      { field: 'ageYears', direction: 'desc' },
      { field: 'name', direction: 'asc' },
    ]);
  });

  it('ignores unknown names and duplicates, falling back to the default', async () => {
    expect(await order('?ordering=password,-name,name, age ')).toEqual([
      { field: 'name', direction: 'desc' },
      { field: 'ageYears', direction: 'asc' },
    ]);
    expect(await order('?ordering=secret')).toEqual([{ field: 'id', direction: 'asc' }]);
    expect(await order('')).toEqual([{ field: 'id', direction: 'asc' }]);
  });
});
