/** Accounts HTTP routes: sign-up, sign-in and the JWKS that lets others verify access tokens. */
import { Hono } from "hono";
import { JWKS_PATH } from "../../shared/access-token/index.ts";
import { type AppEnv, readJson } from "../http/index.ts";
import { type AccountsDeps, credentialsSchema, signIn, signUp } from "./users.ts";

export function accountsHttp(deps: AccountsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v1/accounts/sign-up", async (c) => {
    const session = await signUp(deps, await readJson(c, credentialsSchema));
    return c.json(session, 201);
  });

  app.post("/v1/accounts/sign-in", async (c) => {
    const session = await signIn(deps, await readJson(c, credentialsSchema));
    return c.json(session, 200);
  });

  app.get(JWKS_PATH, async (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.json(await deps.keys.jwks());
  });

  return app;
}
