export {
  LocalFileStorage,
  MAX_KEY_LENGTH,
  fileStorageAt,
  isStoredName,
  kindOf,
  newKey,
  safeFileName,
  type FileStorage,
} from './file-storage.js';
export { SignedFileUrls } from './signed-urls.js';
