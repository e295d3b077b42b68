/** The BlobStore for the Deno entry: one file per key under a folder, its content type in a sidecar file. */
import { assertBlobKey, type BlobStore } from "../../cloud/module/blobs.ts";
import type { DenoRuntime } from "./runtime.ts";

const notFound = (err: unknown) => (err as { name?: string }).name === "NotFound";

export function diskBlobs(deno: DenoRuntime, dir: string): BlobStore {
  const root = dir.replace(/\/$/, "");
  const path = (key: string) => {
    assertBlobKey(key);
    return `${root}/${key}`;
  };
  return {
    async put(key, bytes, contentType) {
      const file = path(key);
      await deno.mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
      // The type first: a reader that finds the bytes finds their type too.
      await deno.writeTextFile(`${file}.type`, contentType);
      await deno.writeFile(file, bytes);
    },
    async get(key) {
      const file = path(key);
      try {
        const bytes = await deno.readFile(file);
        return { bytes, contentType: await deno.readTextFile(`${file}.type`) };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      const file = path(key);
      for (const f of [file, `${file}.type`])
        await deno.remove(f).catch((err) => {
          if (!notFound(err)) throw err;
        });
    },
  };
}
