/**
 * The hub's front door: every request passes the Host/Origin and content-type checks, then the access its
 * route declares with `allow(...)`. A route that declares nothing is refused, so a route added later
 * cannot be left open by accident. `allow` also states the route's input, which types the console's client.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { matchedRoutes } from "hono/route";
import type { BlankInput } from "hono/types";
import type { z } from "zod";
import type { HubRole } from "../../shared/desired-state/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import {
  type AuthDeps,
  isScrapeToken,
  type Principal,
  principalOfSession,
  principalOfToken,
  roleAllows,
  SESSION_COOKIE,
} from "../auth/index.ts";
import { jsonBody, parse } from "./errors.ts";

/**
 * `public`: no credential; `scrape`: the metrics scrape token, loopback, or any signed-in role; `visit`: anyone
 * signed in, a technician's code session included (the route's verbs scope it to the work orders naming them).
 */
export type Access = "public" | "scrape" | "visit" | HubRole;
export interface HubEnv {
  Variables: { requestId: string; principal: Principal };
}

const DECLARED = new WeakMap<object, Access>();

/** The JSON body and query a route takes, as its type sees them: what the client sends, what the handler reads. */
type Declared<J, Q> = {
  in: (J extends z.ZodType ? { json: z.input<J> } : BlankInput) &
    (Q extends z.ZodType ? { query: z.input<Q> } : BlankInput);
  out: (J extends z.ZodType ? { json: z.output<J> } : BlankInput) &
    (Q extends z.ZodType ? { query: z.output<Q> } : BlankInput);
};

/**
 * Declares a route's access; put it first among the route's handlers (the guard and `routeTable` look there).
 * With `input`, it also checks the JSON body and query with those schemas (VALIDATION_ERROR otherwise), after
 * the guard let the caller in; the handler reads them with `c.req.valid("json")` / `c.req.valid("query")`.
 */
export function allow<
  J extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(access: Access, input: { json?: J; query?: Q } = {}): MiddlewareHandler<HubEnv, string, Declared<J, Q>> {
  const declare: MiddlewareHandler<HubEnv, string, Declared<J, Q>> = async (c, next) => {
    if (input.json) c.req.addValidatedData("json", parse(input.json, await jsonBody(c)) as object);
    if (input.query) c.req.addValidatedData("query", parse(input.query, c.req.query()) as object);
    return next();
  };
  DECLARED.set(declare, access);
  return declare;
}

// From least to most demanding; several routes can match one request (the console's fallback matches every GET).
const STRICTNESS: readonly Access[] = ["public", "scrape", "visit", "read", "operate", "admin"];

/**
 * The access a request needs: every matched route must allow it, so the strictest declaration wins and a
 * matched route that declares nothing refuses. A route's handlers are registered one by one under the same
 * method and path, with `allow(...)` first; bare middleware (`use`, method ALL) declares nothing and is skipped.
 */
function declaredAccess(c: Context): Access | "undeclared" | "no-route" {
  const firstOfRoute = new Map<string, Access | undefined>();
  for (const r of matchedRoutes(c)) {
    // app.route() may wrap a sub-app's handler; the original is kept under this key.
    const handler = (r.handler as { __COMPOSED_HANDLER?: object }).__COMPOSED_HANDLER ?? r.handler;
    const access = DECLARED.get(handler);
    if (r.method === "ALL" && !access) continue;
    const key = `${r.method} ${r.path}`;
    if (!firstOfRoute.has(key)) firstOfRoute.set(key, access);
  }
  if (firstOfRoute.size === 0) return "no-route";
  let strictest: Access = "public";
  for (const access of firstOfRoute.values()) {
    if (access === undefined) return "undeclared";
    if (STRICTNESS.indexOf(access) > STRICTNESS.indexOf(strictest)) strictest = access;
  }
  return strictest;
}

/**
 * Every route of `app` (method and path) with the access it declares, `undefined` where it declares none.
 * The route-table test asserts there is no `undefined` here.
 */
export function routeTable(app: Hono<HubEnv>): { route: string; access: Access | undefined }[] {
  const first = new Map<string, Access | undefined>();
  for (const r of app.routes) {
    if (r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    const handler = (r.handler as { __COMPOSED_HANDLER?: object }).__COMPOSED_HANDLER ?? r.handler;
    if (!first.has(key)) first.set(key, DECLARED.get(handler));
  }
  return [...first].map(([route, access]) => ({ route, access }));
}

/** The caller's TCP address, or "unknown" when the request did not come through a socket (app.request). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

const isLoopback = (address: string) =>
  address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");

function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.split(":")[0] ?? "";
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface GuardDeps {
  auth: AuthDeps;
  /** Host names and addresses the hub answers to (lower case; IPv6 in brackets). */
  hostNames: ReadonlySet<string>;
}

/** Who is asking, from `Authorization: Bearer` or the session cookie; UNAUTHORIZED without either. */
export async function authenticate(deps: AuthDeps, c: Context): Promise<Principal> {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("UNAUTHORIZED", "use Authorization: Bearer <token>");
    const { expiresAt: _, ...principal } = await principalOfToken(deps, match[1]!);
    return principal;
  }
  const session = getCookie(c, SESSION_COOKIE);
  if (session) return principalOfSession(deps, session);
  throw new AppError("UNAUTHORIZED", "sign-in required");
}

export function guard(deps: GuardDeps): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    // DNS rebinding: a page on evil.example resolving to this hub still sends `Host: evil.example`.
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (!deps.hostNames.has(hostName(host))) {
      throw new AppError("FORBIDDEN", "this hub does not answer to that host name");
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !sameOrigin(origin, host, new URL(c.req.url).protocol)) {
      throw new AppError("FORBIDDEN", "cross-origin requests are refused");
    }
    if (UNSAFE.has(c.req.method)) refuseNonJson(c);

    const access = declaredAccess(c);
    if (access === "public") return next();
    if (access === "scrape" && (await scrapeAllowed(deps, c))) return next();
    const principal = await authenticate(deps.auth, c);
    c.set("principal", principal);
    if (access === "no-route") return next();
    if (access === "undeclared") throw new AppError("FORBIDDEN", "this route declares no access");
    // A technician signed in with a code is not a site member: the visit screens are all they reach.
    if (principal.kind === "technician" && access !== "visit") {
      throw new AppError("FORBIDDEN", "a technician's sign-in reaches the visit screens only");
    }
    if (access !== "scrape" && access !== "visit" && !roleAllows(principal.role, access)) {
      throw new AppError("FORBIDDEN", `requires the ${access} role`);
    }
    return next();
  };
}

/** Scheme and host, as browsers compare origins: `https://hub.local` is not the hub serving `http://hub.local`. */
function sameOrigin(origin: string, host: string, protocol: string): boolean {
  try {
    const o = new URL(origin);
    return o.protocol === protocol && o.host === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

// Browsers send text/plain, form and multipart bodies cross-site without a preflight; JSON routes take none of them.
function refuseNonJson(c: Context): void {
  const type = c.req.header("content-type");
  const hasBody = Number(c.req.header("content-length") ?? "0") > 0 || c.req.header("transfer-encoding");
  if (type === undefined ? hasBody : type.split(";")[0]!.trim().toLowerCase() !== "application/json") {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
  }
}

async function scrapeAllowed(deps: GuardDeps, c: Context): Promise<boolean> {
  const header = c.req.header("authorization");
  const token = header && /^Bearer\s+(scrape_\S+)$/i.exec(header)?.[1];
  if (token) {
    if (await isScrapeToken(deps.auth.db, token)) return true;
    throw new AppError("UNAUTHORIZED", "unknown scrape token");
  }
  return !header && !getCookie(c, SESSION_COOKIE) && isLoopback(clientAddress(c));
}

/** The signed-in person; only inside routes that declared a role. */
export function principal(c: Context<HubEnv>): Principal {
  const p = c.get("principal");
  if (!p) throw new AppError("UNAUTHORIZED", "sign-in required");
  return p;
}
