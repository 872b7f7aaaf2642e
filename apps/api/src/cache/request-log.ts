import type { Logger } from '../logger.js';
import { loggableUrl } from '../security/log-masking.js';

export type RequestLogger = Pick<Logger, 'info' | 'error'>;

export interface RequestLogFields {
  requestId: string;
  method: string;
  url: string;
  /** The procedure (set by the procedure middleware); absent for docs, health and 404s. */
  route?: string;
  caller?: string;
  status: number;
  started: bigint;
}

/** The one access-log line per request (issue 7 §5), whether express or the response cache answered. */
export function logRequest(logger: RequestLogger, f: RequestLogFields): void {
  const line = {
    requestId: f.requestId,
    method: f.method,
    url: loggableUrl(f.url),
    route: f.route,
    caller: f.caller,
    status: f.status,
    ms: Math.round(Number(process.hrtime.bigint() - f.started) / 1e6),
  };
  if (f.status >= 500) logger.error(line, 'request');
  else logger.info(line, 'request');
}
