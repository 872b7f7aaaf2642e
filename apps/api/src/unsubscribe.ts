import express, { type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { readUnsubscribeToken, unsubscribe } from '@klub/domain';

/**
 * The one-click unsubscribe of mass e-mails (issue 19 §2, RFC 8058) at `/unsubscribe/<token>/`:
 * POST (what a mail client sends for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and the
 * page's button) turns the unit's mailings off for the token's person; GET only shows the page
 * with that button, so a link scanner that follows links unsubscribes nobody. The pages never
 * name the person or the unit: the link may be forwarded.
 */
const page = (title: string, body: string, status = 200) => ({
  status,
  html: `<!doctype html><html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family: Helvetica, Arial, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #18181b">${body}</body></html>`,
});

const ASK = page(
  'Odhlásit se z e-mailů / Unsubscribe',
  `<h1>Odhlásit se z e-mailů</h1><p>Po potvrzení vám tato organizace přestane posílat hromadné e-maily.</p>
<p lang="en">Once you confirm, this organisation stops sending you its mass e-mails.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Odhlásit / Unsubscribe</button></form>`,
);
const DONE = page(
  'Odhlášeno / Unsubscribed',
  '<h1>Odhlášeno</h1><p>Hromadné e-maily této organizace už vám chodit nebudou.</p><p lang="en">You will no longer receive its mass e-mails.</p>',
);
const INVALID = page('Neplatný odkaz / Invalid link', '<h1>Neplatný odkaz</h1><p lang="en">This link is not valid.</p>', 404);

export function unsubscribeRoutes(deps: { orm: Pick<MikroORM, 'em'>; secretKey: string }): Router {
  const r = express.Router();
  const send = (res: express.Response, p: { status: number; html: string }) =>
    res.status(p.status).set('Cache-Control', 'no-store').type('html').send(p.html);
  r.get('/unsubscribe/:token/', (req, res) => {
    send(res, readUnsubscribeToken(deps.secretKey, req.params.token) ? ASK : INVALID);
  });
  r.post('/unsubscribe/:token/', (req, res, next) => {
    unsubscribe(deps.orm.em.fork(), deps.secretKey, req.params.token).then((ok) => send(res, ok ? DONE : INVALID), next);
  });
  return r;
}
