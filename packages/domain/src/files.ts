/**
 * Where uploaded files go, as the rules see it: the caller hands in the one file storage
 * (`@klub/storage`, built by the API and the worker), so the domain never touches the disk. The
 * store chooses every key (`<kind>/<random>-<safe name>`), never a client's path.
 */
export interface FileStore {
  /** Store `data` under a fresh key in `kind` (a folder such as `pdf_storage`) and return the key. */
  save(kind: string, filename: string, data: Uint8Array): Promise<string>;
  remove(key: string): Promise<void>;
  /** A stored file's bytes (template images), or undefined when there is none. */
  read(key: string): Promise<Uint8Array | undefined>;
}
