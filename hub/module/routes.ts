/**
 * A module's routes as data: method, path, the role it requires, handler. The role is part of the type,
 * so a module route without one does not compile; the route-table test covers routes added any other way.
 */
import type { Handler } from "hono";
import type { Access, HubEnv } from "../api/guard.ts";

export type RouteMethod = "get" | "post" | "put" | "patch" | "delete";

export interface HubRoute {
  method: RouteMethod;
  /** The full path, e.g. `/api/equipment/:id`. */
  path: string;
  role: Access;
  // biome-ignore lint/suspicious/noExplicitAny: each route's own path parameters are checked where it is written.
  handler: Handler<HubEnv, any>;
}

function builder(method: RouteMethod) {
  return <P extends string>(path: P, role: Access, handler: Handler<HubEnv, P>): HubRoute => ({
    method,
    path,
    role,
    handler,
  });
}

/** `get("/api/things/:id", "read", (c) => …)`: the path's parameters are typed in the handler. */
export const get = builder("get");
export const post = builder("post");
export const put = builder("put");
export const patch = builder("patch");
export const del = builder("delete");
