/** The OpenAPI document, generated from the routes' zod schemas (hono-openapi), and the reference at /docs. */
import { type Context, Hono } from "hono";
import { openAPIRouteHandler } from "hono-openapi";
import type { AppEnv } from "../../cloud/http/index.ts";
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from "./viewer.ts";

export const OPENAPI_PATH = "/openapi.json";

// The reference page and its viewer are the Worker's own (no CDN, works offline): scripts and styles
// from this origin only, and only the document itself is fetched.
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** `/openapi.json` describes every route of `app` that carries a `doc(...)`; `/docs` renders it. */
export function apiDocs(app: Hono<AppEnv>): Hono<AppEnv> {
  const docs = new Hono<AppEnv>();
  docs.get(
    OPENAPI_PATH,
    openAPIRouteHandler(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Outpost cloud API",
          version: "1",
          description:
            "Errors always answer `{ error: { code, message, details?, requestId } }`. Access tokens are ES256 JWTs (15 min) verified against `/.well-known/jwks.json`.",
        },
        components: {
          securitySchemes: {
            bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
            hubToken: {
              type: "http",
              scheme: "bearer",
              bearerFormat: "EdDSA JWT signed by the hub's own key",
            },
          },
        },
      },
    }),
  );
  const page = (body: string, type: string) => (c: Context<AppEnv>) => {
    c.header("content-security-policy", DOCS_CSP);
    c.header("cache-control", "public, max-age=300");
    return c.body(body, 200, { "content-type": type });
  };
  docs.get("/docs", page(DOCS_HTML, "text/html; charset=utf-8"));
  docs.get("/docs/viewer.js", page(DOCS_JS, "text/javascript; charset=utf-8"));
  docs.get("/docs/viewer.css", page(DOCS_CSS, "text/css; charset=utf-8"));
  return docs;
}
