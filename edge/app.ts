/** The edge HTTP app: ids, logs, security headers, CORS, rate limits and the error model around every listed module. */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv, RequireUser } from "../cloud/http/index.ts";
import { benchRoutes } from "./bench-routes.ts";
import type { EdgeDeps } from "./deps.ts";
import { requireUser } from "./middleware/auth/index.ts";
import { notFound, onError } from "./middleware/errors/index.ts";
import { jsonBodies } from "./middleware/json-body/index.ts";
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, requestIds } from "./middleware/request-id/index.ts";
import { requestLog } from "./middleware/request-log/index.ts";
import { securityHeaders } from "./middleware/security-headers/index.ts";
import { apiDocs } from "./openapi/index.ts";
import { apiLimits, clientIp, emailLimits } from "./rate-limit/index.ts";

// Endpoints that create accounts or send email, limited per IP (credential checks are limited in the verbs).
const EMAIL_ROUTES = [
  "/v1/accounts/sign-up",
  "/v1/accounts/password-reset",
  "/v1/accounts/password-reset/confirm",
];

export interface EdgeAppOptions {
  /**
   * Whether `cf-connecting-ip` is the client's (see clientIp). Default: everywhere but development, where
   * the Worker runs under `wrangler dev`; the Deno entry passes true (its server sets it from the socket).
   */
  trustClientAddressHeader?: boolean;
}

export function createEdgeApp(deps: EdgeDeps, options: EdgeAppOptions = {}): Hono<AppEnv> {
  const trusted = options.trustClientAddressHeader ?? deps.config.environment !== "development";
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(requestIds());
  app.use(async (c, next) => {
    c.set("clientAddress", clientIp(c, trusted));
    await next();
  });
  app.use(requestLog(deps.log, deps.clock));
  app.use(securityHeaders());
  app.use(
    cors({
      origin: deps.config.corsOrigins.includes("*") ? "*" : deps.config.corsOrigins,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["authorization", "content-type", "accept", REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
      exposeHeaders: [REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
      maxAge: 600,
    }),
  );

  app.use(jsonBodies());
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  for (const path of EMAIL_ROUTES) app.post(path, emailLimits(deps.rateLimits, deps.rateLimitConfig));

  // Verify the token locally, then count the call against the token's budget. Once per request: a module
  // may guard both `/x` and `/x/*`, and Hono runs both for `/x`.
  const verify = requireUser(deps.verifier);
  const limit = apiLimits(deps.rateLimits, deps.rateLimitConfig);
  const authenticated: RequireUser = async (c, next) => {
    if (c.get("user")) return next();
    await verify(c, async () => {
      await limit(c, next);
    });
  };

  // Benchmarks (an unauthenticated PBKDF2 route among them) exist only where nobody else can reach them.
  if (deps.config.environment === "development") app.route("/", benchRoutes());
  const http = {
    requireUser: authenticated,
    verifyAccessToken: (token: string) => deps.verifier.verify(token),
  };
  for (const routes of deps.modules.routes(http)) app.route("/", routes);
  app.route("/", apiDocs(app));
  return app;
}
