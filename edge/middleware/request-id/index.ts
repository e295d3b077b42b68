/** Request and correlation ids: taken from the caller when well-formed, generated otherwise, echoed back. */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../../cloud/http/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";

export const REQUEST_ID_HEADER = "x-request-id";
export const CORRELATION_ID_HEADER = "x-correlation-id";

// Ids end up in logs and response headers: accept only short, plain tokens from callers.
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Sets `requestId` and `correlationId` (a new flow starts with correlationId = requestId). */
export function requestIds(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = wellFormed(c.req.header(REQUEST_ID_HEADER)) ?? uuidv7();
    const correlationId = wellFormed(c.req.header(CORRELATION_ID_HEADER)) ?? requestId;
    c.set("requestId", requestId);
    c.set("correlationId", correlationId);
    c.header(REQUEST_ID_HEADER, requestId);
    c.header(CORRELATION_ID_HEADER, correlationId);
    await next();
  };
}

function wellFormed(value: string | undefined): string | undefined {
  return value && ID_PATTERN.test(value) ? value : undefined;
}
