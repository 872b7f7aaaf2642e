import type { RequestHandler } from 'express';

/**
 * CORS for the browser origins of `CORS_ORIGINS`. A listed origin is echoed back with
 * credentials allowed (its pages may send the session cookie). `*` lets any other origin read
 * answers, but never with credentials: a wildcard that also allowed them would let every site
 * on the web act with a visitor's session.
 */
export function cors(origins: string[]): RequestHandler {
  const anyOrigin = origins.includes('*');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    if (origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    } else if (anyOrigin) {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else {
      return next();
    }
    res.append('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.headers['access-control-request-headers'] ??
          'Authorization, Content-Type, Accept-Language, X-CSRFToken, X-Request-Id',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
