/** Stored files (photos) behind one small interface: an R2 bucket under workerd, a folder on disk under Deno. */

export interface StoredBlob {
  bytes: Uint8Array;
  contentType: string;
}

export interface BlobStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when nothing is stored under the key. */
  get(key: string): Promise<StoredBlob | null>;
  delete(key: string): Promise<void>;
}

/** Keys are ours (module/kind/uuid), but a key reaching a disk path must never climb out of its folder. */
export function assertBlobKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9/_-]{0,200}$/i.test(key) || key.includes("..") || key.includes("//"))
    throw new Error(`bad blob key: ${key}`);
}
