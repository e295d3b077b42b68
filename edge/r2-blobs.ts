/** The Worker's R2 bucket binding as the platform's BlobStore. */
import { assertBlobKey, type BlobStore } from "../cloud/module/blobs.ts";

/** An R2 bucket binding as a BlobStore. */
export function r2Blobs(bucket: R2Bucket): BlobStore {
  return {
    async put(key, bytes, contentType) {
      assertBlobKey(key);
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      assertBlobKey(key);
      const object = await bucket.get(key);
      if (!object) return null;
      return {
        bytes: new Uint8Array(await object.arrayBuffer()),
        contentType: object.httpMetadata?.contentType ?? "application/octet-stream",
      };
    },
    async delete(key) {
      assertBlobKey(key);
      await bucket.delete(key);
    },
  };
}
