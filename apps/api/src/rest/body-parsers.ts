import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { z } from 'zod';
import { getInputOutputParsers, unwrapZodType } from 'trpc-to-openapi';
import { MSG, describeField, notADictionary, pyTypeName, queryList, type TUploadedFile } from '@klub/contracts';
import type { RouteTable } from './route-table.js';
import { pathnameOf } from './route-table.js';

/**
 * Request bodies as DRF reads them (api.md §1.2). trpc-to-openapi only reads a body whose
 * content type is exactly `application/json` (stack.md §7), so every accepted body is parsed
 * here and handed on as an already-parsed JSON object:
 * - JSON of any `application/json` / `+json` type, charset or not;
 * - `application/x-www-form-urlencoded` and `multipart/form-data`, converted with DRF's form
 *   rules (repeated key → list for list fields, last value otherwise, absent boolean → false);
 * - anything else is 415. Bodies of GET/HEAD/DELETE/OPTIONS are never read.
 */

export interface BodyLimits {
  /** Largest JSON or form body. */
  jsonBytes: number;
  /** Largest uploaded file. */
  fileBytes: number;
  files: number;
  fields: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { jsonBytes: 1_000_000, fileBytes: 20_000_000, files: 10, fields: 1000 };

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The object shape of a route's input schema, for the form conversion. */
function inputShape(routes: RouteTable, req: Request): Record<string, z.ZodType> | undefined {
  const route = routes.lookup(req.method, pathnameOf(req.url));
  if (!route) return undefined;
  const { inputParser } = getInputOutputParsers(route.procedure);
  const unwrapped = unwrapZodType(inputParser, true) as { shape?: Record<string, z.ZodType> };
  return unwrapped.shape;
}

/**
 * A parsed form (values: string, list of strings, uploaded file(s)) → the JSON body DRF's
 * field `get_value` would see. `partial` (PATCH) keeps absent booleans absent.
 */
export function formToJson(
  form: Record<string, unknown>,
  shape: Record<string, z.ZodType> | undefined,
  partial: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(form)) {
    const schema = shape?.[key];
    const d = schema ? describeField(schema) : undefined;
    const kind = d?.info?.kind;
    if (kind === 'list' || kind === 'multipleChoice') {
      out[key] = Array.isArray(raw) ? raw : [raw];
      continue;
    }
    // QueryDict[key] is the last value of a repeated key.
    const value: unknown = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === '' && d && !d.info?.allowBlank) {
      // DRF's html-input rules: "" is null for a nullable field, absent for an optional one.
      if (d.nullable) out[key] = null;
      else if (!d.optional && !d.hasDefault) out[key] = '';
      continue;
    }
    out[key] = value;
  }
  if (shape && !partial) {
    for (const [key, schema] of Object.entries(shape)) {
      if (!(key in out) && describeField(schema).info?.kind === 'boolean') out[key] = false;
    }
  }
  return out;
}

function uploadedFile(f: Express.Multer.File): TUploadedFile {
  return { filename: f.originalname, contentType: f.mimetype, size: f.size, data: f.buffer };
}

/** A parse failure of the body, answered by `bodyErrorHandler`. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(JSON.stringify(body));
  }
}

export function bodyParsers(routes: RouteTable, limits: BodyLimits = DEFAULT_BODY_LIMITS): RequestHandler {
  const json = express.json({ type: () => true, limit: limits.jsonBytes, strict: false });
  const urlencoded = express.urlencoded({
    type: () => true,
    extended: false,
    limit: limits.jsonBytes,
    parameterLimit: limits.fields,
  });
  const multipart = multer({
    // Files go to the file storage (`@klub/storage`) only once validated, under a name it chooses.
    storage: multer.memoryStorage(),
    // Browsers send a file name's UTF-8 bytes raw; busboy's default (latin1) would garble `Výpis.csv`.
    defParamCharset: 'utf8',
    limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.jsonBytes },
  }).any();

  const asJsonBody = (req: Request, body: Record<string, unknown>) => {
    req.body = body;
    req.headers['content-type'] = 'application/json';
  };

  return (req, res, next) => {
    if (NO_BODY_METHODS.has(req.method)) return next();
    const contentType = req.headers['content-type'];

    if (!contentType) {
      // DRF treats a body-less request without a type as empty data; with a body it is 415.
      if (hasBody(req)) return next(new BodyError(415, { detail: MSG.unsupportedMediaType('') }));
      asJsonBody(req, {});
      return next();
    }

    if (req.is(['application/json', '+json'])) {
      json(req, res, (err?: unknown) => {
        if (err) return next(err);
        const body: unknown = req.body;
        if (body === undefined) {
          asJsonBody(req, {});
          return next();
        }
        if (!isRecord(body)) {
          return next(new BodyError(400, { non_field_errors: [notADictionary(pyTypeName(body))] }));
        }
        asJsonBody(req, body);
        next();
      });
      return;
    }

    if (req.is('application/x-www-form-urlencoded')) {
      urlencoded(req, res, (err?: unknown) => {
        if (err) return next(err);
        const form = isRecord(req.body) ? req.body : {};
        asJsonBody(req, formToJson(form, inputShape(routes, req), req.method === 'PATCH'));
        next();
      });
      return;
    }

    if (req.is('multipart/form-data')) {
      multipart(req, res, (err?: unknown) => {
        if (err) return next(err);
        const form: Record<string, unknown> = { ...(isRecord(req.body) ? req.body : {}) };
        const files = Array.isArray(req.files) ? req.files : [];
        for (const f of files) {
          const prev: unknown = form[f.fieldname];
          form[f.fieldname] = prev === undefined ? uploadedFile(f) : [...(Array.isArray(prev) ? (prev as unknown[]) : [prev]), uploadedFile(f)];
        }
        asJsonBody(req, formToJson(form, inputShape(routes, req), req.method === 'PATCH'));
        next();
      });
      return;
    }

    next(new BodyError(415, { detail: MSG.unsupportedMediaType(contentType) }));
  };
}

/**
 * A query parameter declared as a list (`field.multipleChoice`, `field.list`) given once is a
 * one-item list, as DRF's `getlist` reads it. trpc-to-openapi unwraps one-item lists into a
 * string (and re-wraps only bare `z.array`), so the list travels in a `queryList` wrapper.
 */
export function queryLists(routes: RouteTable): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'GET' && req.method !== 'DELETE') return next();
    const shape = inputShape(routes, req);
    if (!shape) return next();
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    let changed = false;
    for (const [key, value] of Object.entries(query)) {
      const d = shape[key] ? describeField(shape[key]) : undefined;
      const kind = d?.info?.kind;
      if (d && !d.native && (kind === 'list' || kind === 'multipleChoice')) {
        query[key] = queryList((Array.isArray(value) ? value : [value]) as string[]);
        changed = true;
      }
    }
    // Express 5 re-parses `req.query` on every read, so the parsed value is pinned on the request.
    if (changed) Object.defineProperty(req, 'query', { value: query, configurable: true, enumerable: true, writable: true });
    next();
  };
}

/** body-parser / multer failures → DRF bodies (never Express's HTML error page). */
export const bodyErrorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  const send = (status: number, body: Record<string, unknown>) => {
    res.status(status).json(body);
  };
  if (err instanceof BodyError) return send(err.status, err.body);
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE') return send(413, { detail: MSG.requestTooLarge });
    return send(400, { detail: `Multipart form parse error - ${err.message}` });
  }
  const e = err as { type?: unknown; message?: unknown; status?: unknown };
  switch (e.type) {
    case 'entity.parse.failed':
      return send(400, { detail: MSG.jsonParseError(String(e.message)) });
    case 'entity.too.large':
    case 'parameters.too.many':
      return send(413, { detail: MSG.requestTooLarge });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return send(415, { detail: String(e.message) });
    case 'request.aborted':
      return send(400, { detail: 'Request aborted.' });
    default:
  }
  // busboy reports a malformed multipart body as a plain Error.
  if (err instanceof Error && /multipart|boundary|unexpected end of form/i.test(err.message)) {
    return send(400, { detail: `Multipart form parse error - ${err.message}` });
  }
  next(err);
};
