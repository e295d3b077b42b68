/** The OpenAPI document, generated from the routes' zod schemas (hono-openapi), and the reference at /docs. */
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { openAPIRouteHandler } from "hono-openapi";
import type { AppEnv } from "../../cloud/http/index.ts";

export const OPENAPI_PATH = "/openapi.json";

// The reference page loads its viewer from a CDN and configures it with one inline script; only this
// page relaxes the API's "load nothing" policy, and only as far as that needs.
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' https://cdn.jsdelivr.net",
  "style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com",
  "font-src https://cdn.jsdelivr.net https://fonts.scalar.com data:",
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
  docs.get(
    "/docs",
    async (c, next) => {
      c.header("content-security-policy", DOCS_CSP);
      await next();
    },
    Scalar({ url: OPENAPI_PATH, pageTitle: "Outpost cloud API" }),
  );
  return docs;
}
