import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Writable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { erasePerson, exportPerson, previewErasure, type AdminActor, type FileStore } from '@klub/domain';
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

/**
 * `klub person erase <id> --reason R [--yes]`: the erasure of `POST /api/admin/profiles/{id}/erase/`.
 * The second confirmation is typing the id again at the prompt, or `--yes` where nobody can type
 * (scripts); without either nothing happens.
 */
export async function personEraseCommand(
  em: EntityManager,
  files: FileStore,
  id: number,
  opts: { reason: string; yes: boolean },
): Promise<void> {
  const summary = await previewErasure(em, id);
  console.error(
    `person ${id}: ${summary.emails} e-mail(s), ${summary.telephones} phone(s), ${summary.files} file(s) and the texts of ` +
      `${summary.interactions} interaction(s) will be erased; ${summary.payments} payment(s) ` +
      `(${summary.payments_total}) stay. This cannot be undone.`,
  );
  if (!opts.yes) {
    if (!process.stdin.isTTY) throw new Error('not confirmed: run it in a terminal, or add --yes');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Type the id ${id} to erase this person: `);
    rl.close();
    if (answer.trim() !== String(id)) throw new Error('not confirmed: nothing was erased');
  }
  const result = await erasePerson(em, id, { actor: CLI_ACTOR, reason: opts.reason, files });
  console.log(JSON.stringify(result));
}
