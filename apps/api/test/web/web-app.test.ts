import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useKlubApp } from '../helpers/klub-app.js';

const dir = mkdtempSync(path.join(tmpdir(), 'klub-web-'));
mkdirSync(path.join(dir, 'assets'));
writeFileSync(
  path.join(dir, 'index.html'),
  '<!doctype html><title>Klub</title><script src="/app/assets/index-abc123.js"></script>',
);
writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');

describe('the back office at /app/ (issue 18)', () => {
  const app = useKlubApp({}, () => ({ webAppDir: dir }));

  it('serves index.html uncached at /app/', async () => {
    const res = await fetch(`${app.url}/app/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Klub</title>');
  });

  it('caches hashed assets for a year', async () => {
    const res = await fetch(`${app.url}/app/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers 404 for a missing asset instead of the page', async () => {
    const res = await fetch(`${app.url}/app/assets/gone-123.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers client-side routes with index.html', async () => {
    for (const route of ['/app/people', '/app/people/12?tab=donations', '/app/login']) {
      const res = await fetch(`${app.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('cache-control'), route).toBe('no-cache');
      expect(await res.text(), route).toContain('<title>Klub</title>');
    }
  });

  it('serves other files of the build uncached', async () => {
    const res = await fetch(`${app.url}/app/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('redirects /app to /app/ keeping the query', async () => {
    const res = await fetch(`${app.url}/app?u=1&t=x`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/app/?u=1&t=x');
  });
});
