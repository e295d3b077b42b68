/**
 * Every request body at the edge is JSON and small, except on the routes that read and limit their own raw
 * body: the hub's CBOR sync route, marketplace photo uploads, and Stripe's webhook (verified on the exact
 * bytes, whatever the sender's content type, and with room for events over 64 KiB). A body that is not `application/json` answers 415; one over
 * the cap answers 413 before it is read into memory. Unknown fields are ignored by one rule: route schemas
 * are zod objects, which drop keys they do not name. With the cap, nesting depth is bounded too, and
 * JSON.parse refusing a too-deep document is a 400 like any other bad JSON.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../../cloud/http/index.ts";
import { AppError } from "../../../shared/errors/index.ts";

/** 64 KiB: far above any JSON request the API takes. */
export const JSON_BODY_MAX_BYTES = 64 * 1024;

/** Routes that read their raw body themselves; each limits its own body. */
const RAW_BODY_ROUTES: readonly RegExp[] = [
  /^\/v1\/hubs\/[^/]+\/events$/,
  /^\/v1\/billing\/webhooks\/stripe$/,
  // Photos on service requests and work orders: image bytes, capped by the route.
  /^\/v1\/marketplace\/(requests|work-orders)\/[^/]+\/photos$/,
];

export function jsonBodies(maxBytes = JSON_BODY_MAX_BYTES): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `body exceeds ${maxBytes} bytes`, { maxBytes });
    },
  });
  return async (c, next) => {
    if (!hasBody(c.req.raw) || RAW_BODY_ROUTES.some((r) => r.test(c.req.path))) return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "request bodies must be application/json");
    }
    return limit(c, next);
  };
}

function hasBody(req: Request): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  const length = req.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return req.headers.has("transfer-encoding") || req.body !== null;
}
