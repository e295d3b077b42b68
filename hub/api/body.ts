/** Request bodies: one size limit on every route, checked before a byte is buffered, and JSON parsed only when shallow. */
import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../../shared/errors/index.ts";

/**
 * 64 KiB for every request, whatever its route: the largest body the hub takes is a rules or pairing
 * document of a few hundred bytes, and a Pi with 1–2 GB must not hold four 200 MiB bodies at once.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** No hub document nests deeper than a handful of levels; 32 leaves room and keeps validators' recursion short. */
export const JSON_DEPTH_LIMIT = 32;

const tooLarge = (maxBytes: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `request bodies are limited to ${maxBytes} bytes`, { maxBytes });

/**
 * Refuses a body over `maxBytes`: by its Content-Length before reading anything, and for a chunked body by
 * counting the bytes as whoever reads it pulls them, failing the read at the first byte past the limit.
 */
export function bodyLimit(maxBytes: number = BODY_LIMIT_BYTES): MiddlewareHandler {
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length !== undefined && Number(length) > maxBytes) throw tooLarge(maxBytes);
    if (c.req.header("transfer-encoding") === undefined) return next();
    // Node's parser stops a Content-Length body at its length; only a streamed one needs counting.
    const body = c.req.raw.body;
    // GET and HEAD carry no body the hub reads, so a streamed one is refused rather than drained.
    if (!body) throw tooLarge(0);
    let size = 0;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          size += chunk.byteLength;
          if (size > maxBytes) out.error(tooLarge(maxBytes));
          else out.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: "half" } as RequestInit);
    return next();
  };
}

/** True when no array or object in `text` nests deeper than `max`; strings are skipped, escapes included. */
export function nestsWithin(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return false;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return true;
}

/** The request's JSON body; 413 past the body limit, 400 when it is not JSON or nests deeper than JSON_DEPTH_LIMIT. */
export async function jsonBody(c: Context): Promise<unknown> {
  let text: string;
  try {
    text = await c.req.text();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("VALIDATION_ERROR", "body could not be read");
  }
  // Checked on the text, so a deep document is never handed to the parser or the validators.
  if (!nestsWithin(text, JSON_DEPTH_LIMIT)) {
    throw new AppError("VALIDATION_ERROR", `JSON nests deeper than ${JSON_DEPTH_LIMIT} levels`, {
      maxDepth: JSON_DEPTH_LIMIT,
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_ERROR", "body must be JSON");
  }
}
