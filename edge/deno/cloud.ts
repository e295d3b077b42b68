/**
 * The cloud on Deno: the same edge app and modules as the Worker, over libsql files per module database,
 * the in-process queue, SQLite-file SiteLedgers, photos in files and in-memory rate limits. Migrations are applied first.
 */

import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import type { Hono } from "hono";
import type { AppEnv } from "../../cloud/http/index.ts";
import type { AnyCloudModule } from "../../cloud/module/index.ts";
import { CLOUD_MODULES } from "../../cloud/modules.ts";
import { type Clock, systemClock } from "../../shared/clock/index.ts";
import { createEdgeApp } from "../app.ts";
import { createDeps, type EdgeDeps, type Platform } from "../deps.ts";
import { type ConfigVars, readConfig } from "../env.ts";
import { consumeEvents } from "../queue/index.ts";
import { memoryRateLimits } from "../rate-limit/index.ts";
import { diskBlobs } from "./blobs.ts";
import { localCalendars } from "./calendars.ts";
import { localLedgers } from "./ledgers.ts";
import { applyMigrations } from "./migrations.ts";
import { localQueue, sqliteDeadLetters } from "./queue.ts";
import { denoRuntime, openSyncSqlite } from "./runtime.ts";

export interface DenoCloud {
  app: Hono<AppEnv>;
  deps: EdgeDeps;
  close(): void;
}

/** `root` is the repository (the modules' migrations folders); state lives under `dataDir`. */
export async function startDenoCloud(options: {
  root: URL;
  dataDir: string;
  vars: ConfigVars;
  clock?: Clock;
  /** The module list (default: cloud/modules.ts); tests add a throwaway module here. */
  modules?: readonly AnyCloudModule[];
  /** Seconds before a failed event is redelivered (default: the consumer's backoff); tests pass 0. */
  retryDelaySeconds?: (attempts: number) => number;
}): Promise<DenoCloud> {
  const deno = denoRuntime();
  const clock = options.clock ?? systemClock;
  const config = readConfig(options.vars);
  const dir = options.dataDir.replace(/\/$/, "");
  await deno.mkdir(`${dir}/ledgers`, { recursive: true });

  const modules = options.modules ?? CLOUD_MODULES;
  const clients: Client[] = [];
  const databases: Platform["databases"] = {};
  for (const { database } of modules) {
    if (!database) continue;
    const client = createClient({ url: `file:${dir}/${database.binding}.sqlite` });
    await client.execute("PRAGMA journal_mode = WAL");
    await applyMigrations(client, new URL(database.migrations.replace(/\/?$/, "/"), options.root));
    clients.push(client);
    databases[database.binding] = drizzle(client, { schema: database.schema });
  }
  const platformDb = await openSyncSqlite(`${dir}/platform.sqlite`);
  const calendarsDb = await openSyncSqlite(`${dir}/calendars.sqlite`);
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
        consumers: d.modules.consumers(),
        deadLetters: d.deadLetters,
        now: () => d.clock.now(),
        ...(options.retryDelaySeconds ? { backoff: options.retryDelaySeconds } : {}),
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
      databases,
      bus: queue.bus,
      ledgers,
      calendars: localCalendars(calendarsDb),
      blobs: diskBlobs(deno, `${dir}/blobs`),
      deadLetters,
      rateLimits: memoryRateLimits(clock),
    },
    { clock, modules },
  );
  await ledgers.resume();
  return {
    // serve.ts writes cf-connecting-ip from the socket on every request, whatever the client sent.
    app: createEdgeApp(deps, { trustClientAddressHeader: true }),
    deps,
    close() {
      queue.close();
      ledgers.close();
      for (const c of clients) c.close();
      platformDb.close();
      calendarsDb.close();
    },
  };
}
