import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MSG } from '@klub/contracts';
import { loadActorUser } from '../auth/actor-users.js';
import type { SessionService } from '../auth/sessions.js';
import type { JobQueues } from './job-queues.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * bull-board at `/admin/queues` (issue 6 item 7), for superusers signed in through the browser
 * session of operations.md §3 (`POST /api/auth/login/`); everyone else gets a 403. The
 * dashboard's own buttons (retry, clean…) send no CSRF header, so unsafe requests must instead
 * come from this origin (the session cookie is SameSite=Lax as well).
 */
export function queueDashboard(deps: { orm: MikroORM; sessions: SessionService; jobs: JobQueues }): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(deps.jobs.queues).map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Klub jobs' } },
  });
  const guard: RequestHandler = (req, res, next) => {
    void (async () => {
      const sessionId = deps.sessions.sessionIdFromCookieHeader(req.headers.cookie);
      const session = sessionId ? await deps.sessions.validate(sessionId) : null;
      const user = session ? await loadActorUser(deps.orm.em.fork(), session.userId) : undefined;
      if (!user?.is_active || !user.is_superuser) {
        res.status(403).json({ detail: user ? MSG.permissionDenied : MSG.notAuthenticated });
        return;
      }
      if (!SAFE.has(req.method)) {
        const origin = req.headers.origin ?? req.headers.referer;
        if (!origin || new URL(origin).host !== req.headers.host) {
          res.status(403).json({ detail: MSG.csrfFailed });
          return;
        }
      }
      for (const c of session!.setCookies) res.appendHeader('Set-Cookie', c);
      next();
    })().catch(next);
  };
  const router = Router();
  router.use(guard, serverAdapter.getRouter() as RequestHandler);
  return router;
}
