import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TUploadedFile } from '@klub/contracts';

/** Django ImageField's message for a file that is no image. */
export const INVALID_IMAGE = 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.';

const SIGNATURES: ReadonlyArray<readonly [string, (b: Uint8Array) => boolean]> = [
  ['.jpg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['.png', (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)],
  ['.gif', (b) => String.fromCharCode(...b.subarray(0, 4)) === 'GIF8'],
  ['.webp', (b) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'],
];

/** The extension of an image file judged by its first bytes (not its name), or undefined. */
export function imageExtension(file: TUploadedFile): string | undefined {
  return SIGNATURES.find(([, matches]) => matches(file.data))?.[0];
}

/**
 * Store an event photo on the local disk under `<storageDir>/event_photos/` and return its key,
 * the path relative to the storage root that the `main_photo` … columns hold and `/upload/<key>`
 * serves: `event_photos/<random>-<name>`. The random part comes first, so uploads never overwrite
 * each other and the client's file name only contributes safe characters.
 */
export async function saveEventPhoto(storageDir: string, file: TUploadedFile): Promise<string> {
  const ext = imageExtension(file) ?? '.bin';
  const stem = path.parse(file.filename).name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  const relative = `event_photos/${randomBytes(8).toString('hex')}-${stem || 'photo'}${ext}`;
  await mkdir(path.join(storageDir, 'event_photos'), { recursive: true });
  await writeFile(path.join(storageDir, relative), file.data);
  return relative;
}
