import type { RequestHandler } from 'express';
import yazl from 'yazl';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MSG } from '@klub/contracts';
import { taxConfirmationFilesOf } from '@klub/domain';
import { SignedFileUrls, type FileStorage } from '@klub/storage';
import type { Logger } from '../logger.js';

/** Where a unit's ZIP is served; `/api/admin/tax_confirmations/zip/` hands out the signed links. */
export const TAX_CONFIRMATION_ZIP_PATH = '/download/tax_confirmations/';

const signers = new Map<string, SignedFileUrls>();

/** Signed links to the ZIPs, under their own purpose: no link to a stored file opens one. */
export function taxConfirmationZipUrls(secret: string): SignedFileUrls {
  let urls = signers.get(secret);
  if (!urls) {
    urls = new SignedFileUrls(secret, TAX_CONFIRMATION_ZIP_PATH, 'klub.tax-confirmation-zip');
    signers.set(secret, urls);
  }
  return urls;
}

/** The name a unit and year's ZIP is signed and served under. */
export const taxConfirmationZipName = (unitId: number, year: number) => `potvrzeni-${year}-${unitId}.zip`;

/**
 * `GET /download/tax_confirmations/potvrzeni-<year>-<unit>.zip?expires&signature`: every current
 * file of a unit and year in one ZIP, streamed as it is written (yazl), each PDF opened only when
 * its turn comes, so neither the archive nor the files are ever held in memory. The PDFs are
 * stored, not deflated again: they are compressed already. The permission check happened when
 * the admin procedure signed the link.
 */
export function serveTaxConfirmationZips(deps: { orm: Pick<MikroORM, 'em'>; storage: FileStorage; secret: string; logger: Logger }): RequestHandler {
  const urls = taxConfirmationZipUrls(deps.secret);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.replace(/^\//, '');
    const match = /^potvrzeni-(\d{4})-(\d{1,10})\.zip$/.exec(name);
    const q = req.query as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    if (!match || !urls.verify(name, str(q.expires), str(q.signature))) {
      res.status(404).json({ detail: MSG.notFound });
      return;
    }
    taxConfirmationFilesOf(deps.orm.em.fork(), { administrativeUnitId: Number(match[2]), year: Number(match[1]) })
      .then((files) => {
        const zip = new yazl.ZipFile();
        res.setHeader('Content-Type', 'application/zip');
        res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
        res.setHeader('Cache-Control', 'private, no-store');
        for (const { file, name: entry } of files) {
          zip.addReadStreamLazy(entry, { compress: false }, (cb) => {
            deps.storage
              .open(file)
              .then((opened) => (opened ? cb(null, opened.stream) : cb(new Error(`tax confirmation file missing: ${file}`), undefined as never)))
              .catch((err: unknown) => cb(err, undefined as never));
          });
        }
        zip.end();
        zip.on('error', (err: Error) => {
          // Headers are gone by now: cut the download short so the client sees a broken archive.
          deps.logger.error({ err, name }, 'tax confirmation ZIP failed');
          res.destroy(err);
        });
        zip.outputStream.pipe(res);
      })
      .catch(next);
  };
}
