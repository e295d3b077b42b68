/** Admin-only account routes: granting platform roles and rotating the access-token signing key. */
import { Hono } from "hono";
import { z } from "zod";
import { PLATFORM_ROLES } from "../../shared/access-token/index.ts";
import { type AppEnv, doc, type RequireUser, readJson, requireRole } from "../http/index.ts";
import type { AccountsDeps } from "./sessions.ts";
import { grantRole } from "./users.ts";

const tag = "admin";
const grantSchema = z.object({ role: z.enum(PLATFORM_ROLES) });

export function adminHttp(deps: AccountsDeps & { requireUser: RequireUser }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/v1/admin/*", deps.requireUser, requireRole("admin"));

  app.post(
    "/v1/admin/users/:userId/roles",
    doc({
      summary: "Grant a platform role (takes effect at the user's next token)",
      tag,
      auth: "user",
      body: grantSchema,
      responses: { 204: "granted", 403: "not an admin", 404: "no such user" },
    }),
    async (c) => {
      await grantRole(deps, { userId: c.req.param("userId"), ...(await readJson(c, grantSchema)) });
      return c.body(null, 204);
    },
  );

  app.post(
    "/v1/admin/signing-keys/rotate",
    doc({
      summary:
        "Sign new access tokens with a fresh key; the old key stays in the JWKS until its tokens expire",
      tag,
      auth: "user",
      responses: {
        200: {
          description: "rotated",
          schema: z.object({ kid: z.string(), retiredKid: z.string().optional() }),
        },
        403: "not an admin",
        409: "keys come from configuration",
      },
    }),
    async (c) => c.json(await deps.keys.rotate()),
  );

  return app;
}
