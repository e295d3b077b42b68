/** Benchmark-only routes (bench/gateway.ts), mounted outside production: baselines in the same Worker. */
import { Hono } from "hono";
import { hashPassword } from "../cloud/accounts/index.ts";
import type { AppEnv } from "../cloud/http/index.ts";

/**
 * `/bench/bare` answers through the gateway's global middleware only (ids, log, headers, CORS) with no
 * auth and no storage. `/bench/hash/*` do one password hash or one SHA-256, so the difference of their
 * latencies is the cost of a hash (Workers freeze the clock during CPU work, so it is timed from outside).
 */
export function benchRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/bench/bare", (c) => c.json({ ok: true }));
  app.get("/bench/hash/pbkdf2", async (c) =>
    c.json({ ok: (await hashPassword("bench password")).length > 0 }),
  );
  app.get("/bench/hash/sha256", async (c) => {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("bench password"));
    return c.json({ ok: digest.byteLength > 0 });
  });
  return app;
}
