import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { exportPerson, type AdminActor } from '@klub/domain';
import type { FileStorage } from '@klub/storage';
import { writePersonZip } from '../data-protection/person-zip.js';

/** The CLI writes as itself in the audit log (no profile). */
export const CLI_ACTOR: AdminActor = { id: null, kind: 'cli' };

/** Parse a profile id argument, or say what is wrong. */
export function profileIdArg(value: string | undefined): number {
  if (!value || !/^\d+$/.test(value)) throw new Error('a profile id is required (a positive integer)');
  return Number(value);
}

/**
 * `klub person export <id> [--out file.zip]`: the same ZIP as `GET /api/admin/profiles/{id}/export.zip`,
 * to a file or stdout, recorded in the audit log as done by the CLI.
 */
export async function personExportCommand(em: EntityManager, storage: Pick<FileStorage, 'open'>, id: number, outPath?: string): Promise<void> {
  const document = await exportPerson(em, id, CLI_ACTOR);
  const out: Writable = outPath ? createWriteStream(outPath, { flags: 'wx' }) : process.stdout;
  await writePersonZip(document, storage, out);
  if (outPath) console.error(`person ${id} exported to ${outPath}`);
}
