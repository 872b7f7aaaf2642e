import type { NextFunction, Request, Response } from 'express';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { MSG } from '@klub/contracts';
import type { FileStorage } from '@klub/storage';
import type { CreateContext } from '../trpc/context.js';
import { createCallerFactory, toDrfError } from '../trpc/init.js';
import { appRouter } from '../routers/index.js';
import { writePersonZip } from './person-zip.js';

const createCaller = createCallerFactory(appRouter);

/** `/admin/profiles/<id>/export.zip` under `/api`. */
export const PERSON_EXPORT_ZIP_PATH = /^\/admin\/profiles\/([^/]+)\/export\.zip\/?$/;

/**
 * `GET /api/admin/profiles/{id}/export.zip`: the export as a ZIP with the person's files. A tRPC
 * procedure answers JSON only, so this small route calls the `admin.profiles.export` procedure
 * itself (its policy, the person check, the audit entry and the input validation all apply) and
 * streams the ZIP of what it answers; its refusals keep the API's DRF bodies.
 */
export function personExportZipRoute(createContext: CreateContext, storage: Pick<FileStorage, 'open'>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = req.method === 'GET' ? PERSON_EXPORT_ZIP_PATH.exec(req.path) : null;
    if (!match) {
      next();
      return;
    }
    if (!/^\d+$/.test(match[1]!)) {
      res.status(404).json({ detail: MSG.notFound });
      return;
    }
    void (async () => {
      const ctx = await createContext({ req, res });
      let document;
      try {
        document = await createCaller(ctx).admin.profiles.export({ id: Number(match[1]) });
      } catch (e) {
        const error = toDrfError(getTRPCErrorFromUnknown(e), { id: match[1] });
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        res.status(error.status).json(error.body);
        return;
      }
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', `attachment; filename="person-${document.profile_id}.zip"`);
      res.setHeader('Cache-Control', 'no-store');
      await writePersonZip(document, storage, res);
    })().catch(next);
  };
}
