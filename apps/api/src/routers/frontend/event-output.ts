import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TEvent } from '@klub/contracts';
import { NotFound, loadEventRecords, pageEvents, saveEventPhoto, type EventPageRequest, type EventWriteOptions } from '@klub/domain';
import type { Env } from '@klub/config';
import { fileStorageFor } from '../../storage/file-storage.js';
import { toEvent } from '../../serializers/event.js';
import { fileUrlFor } from '../../serializers/file-url.js';

/** One event as the 48 keys of api.md §4.2; 404 when it does not exist. */
export async function eventById(em: EntityManager, req: Request, id: number): Promise<TEvent> {
  const [record] = await loadEventRecords(em, [id]);
  if (!record) throw new NotFound();
  return toEvent(record, fileUrlFor(req));
}

/** One page of events (one statement, whatever the page size). */
export async function eventPage(em: EntityManager, req: Request, request: EventPageRequest, limit: number, offset: number): Promise<TEvent[]> {
  const fileUrl = fileUrlFor(req);
  return (await pageEvents(em, request, limit, offset)).map((r) => toEvent(r, fileUrl));
}

/**
 * Deployment settings for writing events: this deployment's programs, and photos kept in the
 * file storage (served at `/upload/<key>`).
 */
export function eventWriteOptions(env: Pick<Env, 'PROGRAM_TYPES' | 'STORAGE_DIR'>): EventWriteOptions {
  return { programTypes: env.PROGRAM_TYPES, savePhoto: (file) => saveEventPhoto(fileStorageFor(env), file) };
}
