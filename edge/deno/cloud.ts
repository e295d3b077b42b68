/**
 * The cloud on Deno: the same edge app and modules as the Worker, over libsql files per module database,
 * the in-process queue, SQLite-file SiteLedgers and in-memory rate limits. Migrations are applied first.
 */

import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import type { Hono } from "hono";
import { accountsSchema } from "../../cloud/accounts/index.ts";
import { billingSchema } from "../../cloud/billing/index.ts";
import type { AppEnv } from "../../cloud/http/index.ts";
import { notificationsSchema } from "../../cloud/notifications/index.ts";
import { sitesSchema } from "../../cloud/sites/index.ts";
import { type Clock, systemClock } from "../../shared/clock/index.ts";
import { createEdgeApp } from "../app.ts";
import { createDeps, type EdgeDeps } from "../deps.ts";
import { type ConfigVars, readConfig } from "../env.ts";
import { consumeEvents, EVENT_ROUTES } from "../queue/index.ts";
import { memoryRateLimits } from "../rate-limit/index.ts";
import { localLedgers } from "./ledgers.ts";
import { applyMigrations, d1Databases } from "./migrations.ts";
import { localQueue, sqliteDeadLetters } from "./queue.ts";
import { denoRuntime, openSyncSqlite } from "./runtime.ts";

export interface DenoCloud {
  app: Hono<AppEnv>;
  deps: EdgeDeps;
  close(): void;
}

/** `root` is the repository (wrangler.toml and the migrations folders); state lives under `dataDir`. */
export async function startDenoCloud(options: {
  root: URL;
  dataDir: string;
  vars: ConfigVars;
  clock?: Clock;
}): Promise<DenoCloud> {
  const deno = denoRuntime();
  const clock = options.clock ?? systemClock;
  const config = readConfig(options.vars);
  const dir = options.dataDir.replace(/\/$/, "");
  await deno.mkdir(`${dir}/ledgers`, { recursive: true });

  const clients = new Map<string, Client>();
  const wrangler = await deno.readTextFile(new URL("wrangler.toml", options.root));
  for (const { binding, migrationsDir } of d1Databases(wrangler)) {
    const client = createClient({ url: `file:${dir}/${binding}.sqlite` });
    await client.execute("PRAGMA journal_mode = WAL");
    await applyMigrations(client, new URL(`${migrationsDir.replace(/\/?$/, "/")}`, options.root));
    clients.set(binding, client);
  }
  const client = (binding: string): Client => {
    const found = clients.get(binding);
    if (!found) throw new Error(`wrangler.toml declares no D1 database ${binding}`);
    return found;
  };

  const platformDb = await openSyncSqlite(`${dir}/platform.sqlite`);
  const deadLetters = sqliteDeadLetters(platformDb);
  let deps: EdgeDeps | undefined;
  const queue = localQueue({
    db: platformDb,
    name: "outpost-events",
    clock,
    deadLetters,
    consume: (batch) => {
      if (!deps) throw new Error("not started");
      const d = deps;
      return consumeEvents(batch, {
        routes: EVENT_ROUTES,
        handlerDeps: { notifications: d.notifications },
        deadLetters: d.deadLetters,
        now: () => d.clock.now(),
      });
    },
  });
  const ledgers = localLedgers({
    dir: `${dir}/ledgers`,
    bus: queue.bus,
    clock,
    list: async () => {
      const names: string[] = [];
      for await (const e of deno.readDir(`${dir}/ledgers`)) if (e.isFile) names.push(e.name);
      return names;
    },
  });

  deps = createDeps(
    config,
    {
      accountsDb: drizzle(client("ACCOUNTS_DB"), { schema: accountsSchema }),
      sitesDb: drizzle(client("SITES_DB"), { schema: sitesSchema }),
      notificationsDb: drizzle(client("NOTIFICATIONS_DB"), { schema: notificationsSchema }),
      billingDb: drizzle(client("BILLING_DB"), { schema: billingSchema }),
      bus: queue.bus,
      ledgers,
      deadLetters,
      rateLimits: memoryRateLimits(clock),
    },
    { clock },
  );
  await ledgers.resume();
  return {
    app: createEdgeApp(deps),
    deps,
    close() {
      queue.close();
      ledgers.close();
      for (const c of clients.values()) c.close();
      platformDb.close();
    },
  };
}
