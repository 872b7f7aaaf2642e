import type { TUploadedFile } from '@klub/contracts';
import type { FileStore } from '../files.js';

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

/** The storage kind of event photos (domain.md: `event_photos/…`), public at `/upload/event_photos/…`. */
export const EVENT_PHOTOS_KIND = 'event_photos';

/**
 * Store an event photo and return its key, which the `main_photo` … columns hold and
 * `/upload/<key>` serves. The extension comes from the image's first bytes, not the client's name,
 * whose stem (at most 40 characters) only names the file.
 */
export async function saveEventPhoto(files: FileStore, file: TUploadedFile): Promise<string> {
  const ext = imageExtension(file) ?? '.bin';
  const base = file.filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).slice(0, 40);
  return files.save(EVENT_PHOTOS_KIND, `${stem || 'photo'}${ext}`, file.data);
}
