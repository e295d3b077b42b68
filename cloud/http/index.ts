/** Transport helpers shared by the cloud modules' HTTP routes: context variables, JSON and body reading. */
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { AccessTokenUser, PlatformRole } from "../../shared/access-token/index.ts";
import { AppError } from "../../shared/errors/index.ts";

/** Variables the edge middleware puts on every request context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    correlationId: string;
    /** The client's network address as the edge determined it (for per-address limits). */
    clientAddress?: string;
    user?: AccessTokenUser;
  };
}

export type AppContext = Context<AppEnv>;
/** Middleware that admits only requests with a verified access token (sets `user`). */
export type RequireUser = MiddlewareHandler<AppEnv>;

/** Admits signed-in users holding one of `roles` (run after RequireUser); FORBIDDEN otherwise. */
export function requireRole(...roles: PlatformRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!currentUser(c).roles.some((r) => roles.includes(r))) {
      throw new AppError("FORBIDDEN", `requires role ${roles.join(" or ")}`);
    }
    await next();
  };
}

/** The signed-in user; routes behind RequireUser always have one. */
export function currentUser(c: AppContext): AccessTokenUser {
  const user = c.get("user");
  if (!user) throw new AppError("UNAUTHORIZED", "sign-in required");
  return user;
}

/** The caller's address, set by the edge; requests without one share a single bucket. */
export function clientAddress(c: AppContext): string {
  return c.get("clientAddress") ?? "unknown";
}

/** Parses a JSON body against `schema`; anything else is a VALIDATION_ERROR with the issues. */
export async function readJson<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError("VALIDATION_ERROR", "body must be JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid request body", parsed.error.issues);
  return parsed.data;
}

/**
 * Reads at most `maxBytes` of the body. The declared Content-Length is checked first, then the bytes
 * actually received, since a chunked body declares nothing.
 */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `body exceeds ${maxBytes} bytes`, { maxBytes });
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

export { doc, errorBodySchema, type RouteDoc } from "./openapi.ts";
