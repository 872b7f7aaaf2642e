import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { PersonExport } from '@klub/domain';
import type { FileStorage } from '@klub/storage';

/**
 * The export of one person as a ZIP (issue 22): `person.json` (the document of
 * `collectPersonData`) and the person's stored files under `files/`, streamed to `out` as it is
 * made (yazl: a small, long-kept streaming ZIP writer, so large uploads never sit in memory).
 * A file the document names but the storage no longer has is listed in `missing_files`.
 */
export async function writePersonZip(document: PersonExport, storage: Pick<FileStorage, 'open'>, out: Writable): Promise<void> {
  const zip = new ZipFile();
  const missing: string[] = [];
  for (const file of document.files) {
    const opened = await storage.open(file.key);
    if (opened) zip.addReadStream(opened.stream, file.path, { size: opened.size });
    else missing.push(file.key);
  }
  const json = JSON.stringify({ ...document, missing_files: missing }, null, 2);
  zip.addBuffer(Buffer.from(json, 'utf8'), 'person.json');
  zip.end();
  await pipeline(zip.outputStream, out);
}
