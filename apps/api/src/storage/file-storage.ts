import { SignedFileUrls, fileStorageAt, type LocalFileStorage } from '@klub/storage';

/**
 * The API's way to the one file storage (`@klub/storage`): the storage of this configuration's
 * `STORAGE_DIR`, and the signed URLs of its private files under `/upload/` (signed with
 * `SECRET_KEY`).
 */
export function fileStorageFor(env: { STORAGE_DIR: string }): LocalFileStorage {
  return fileStorageAt(env.STORAGE_DIR);
}

const signers = new Map<string, SignedFileUrls>();

export function signedFileUrlsFor(env: { SECRET_KEY: string }): SignedFileUrls {
  let urls = signers.get(env.SECRET_KEY);
  if (!urls) {
    urls = new SignedFileUrls(env.SECRET_KEY);
    signers.set(env.SECRET_KEY, urls);
  }
  return urls;
}

/** Kinds whose files anyone may fetch without a signature (event photos are public data). */
export const PUBLIC_KINDS: ReadonlySet<string> = new Set(['event_photos']);
