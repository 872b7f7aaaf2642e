import { describe, expect, it } from 'vitest';
import { useKlubApp } from '../helpers/klub-app.js';

describe('CORS_ORIGINS=* never allows credentials (issue 15 §5)', () => {
  const app = useKlubApp({ CORS_ORIGINS: '*, https://app.example.org' });

  it('answers any origin with a wildcard and no Access-Control-Allow-Credentials', async () => {
    const res = await app.api('/api/event/', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();

    const pre = await app.api('/api/auth/login/', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('still allows credentials for an origin listed by name', async () => {
    const res = await app.api('/api/event/', { headers: { origin: 'https://app.example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });
});
