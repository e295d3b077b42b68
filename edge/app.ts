/** The edge HTTP app: ids, CORS and the error model around every cloud module's routes. */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { accountsHttp } from "../cloud/accounts/index.ts";
import type { AppEnv } from "../cloud/http/index.ts";
import { notificationsHttp } from "../cloud/notifications/index.ts";
import { hubsHttp, sitesHttp } from "../cloud/sites/index.ts";
import type { EdgeDeps } from "./deps.ts";
import { requireUser } from "./middleware/auth/index.ts";
import { notFound, onError } from "./middleware/errors/index.ts";
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, requestIds } from "./middleware/request-id/index.ts";

export function createEdgeApp(deps: EdgeDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(requestIds());
  app.use(
    cors({
      origin: deps.config.corsOrigins.includes("*") ? "*" : deps.config.corsOrigins,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["authorization", "content-type", "accept", REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
      exposeHeaders: [REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
      maxAge: 600,
    }),
  );

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  const authenticated = requireUser(deps.verifier);
  app.route("/", accountsHttp(deps.accounts));
  app.route("/", sitesHttp({ ...deps.sites, requireUser: authenticated }));
  app.route("/", hubsHttp(deps.sites));
  app.route("/", notificationsHttp({ db: deps.notifications.db, requireUser: authenticated }));
  return app;
}
