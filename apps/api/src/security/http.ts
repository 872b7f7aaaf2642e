import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { MSG, pickLang, translate } from '@klub/contracts';
import type { Logger } from '../logger.js';

/**
 * Security headers (helmet). The CSP is the strictest one the Swagger UI at `/api/docs/` still
 * runs under (its scripts are files; it styles inline and draws data: images). Resources are
 * `cross-origin` because event photos under `/upload/` are embedded by the organisations' own
 * sites.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  });
}

/**
 * A request still unanswered after `ms` gets `503 {"detail": ...}` with `Retry-After`, so a
 * stuck dependency never leaves a client hanging. Whatever the handler writes later is dropped.
 */
export function requestTimeout(ms: number, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!ms) return next();
    const timer = setTimeout(() => {
      logger.warn({ requestId: res.locals.requestId as unknown, ms, route: res.locals.route as unknown }, 'request timed out');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({ detail: translate(MSG.serviceUnavailable, pickLang(req.headers['accept-language'])) });
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      muzzle(res);
    }, ms);
    const clear = () => clearTimeout(timer);
    res.on('finish', clear);
    res.on('close', clear);
    next();
  };
}

/** After a timeout answer, the late handler's writes must neither throw nor reach the socket. */
function muzzle(res: Response): void {
  const r = res as unknown as Record<string, unknown>;
  r.setHeader = () => res;
  r.appendHeader = () => res;
  r.removeHeader = () => undefined;
  r.writeHead = () => res;
  r.write = () => true;
  r.end = () => res;
  r.status = () => res;
}
