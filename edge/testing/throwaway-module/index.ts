/**
 * Two modules that exist only to prove the seam (STYLE 17): `throwaway` brings a database, a route and a
 * consumer by its manifest alone; `broken` brings a consumer that throws on every delivery. Tests list them
 * after cloud/modules.ts and find them served under workerd and under Deno.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { EventBus } from "../../../cloud/bus/index.ts";
import type { CloudDb } from "../../../cloud/db/index.ts";
import { consumeOnce } from "../../../cloud/events/index.ts";
import { type AppEnv, readJson } from "../../../cloud/http/index.ts";
import { type CloudModule, defineCloudModule } from "../../../cloud/module/index.ts";
import type { Clock } from "../../../shared/clock/index.ts";
import { parseEvent } from "../../../shared/events/index.ts";
import * as schema from "./schema.ts";

interface ThrowawayDeps {
  db: CloudDb<typeof schema>;
  clock: Clock;
  bus: EventBus;
}

export const throwawayModule = defineCloudModule({
  name: "throwaway",
  database: {
    binding: "THROWAWAY_DB",
    name: "outpost-throwaway",
    migrations: "edge/testing/throwaway-module/migrations",
    schema,
  },
  deps: (ctx): ThrowawayDeps => ({ db: ctx.db as ThrowawayDeps["db"], clock: ctx.clock, bus: ctx.bus }),
  routes: (deps, { requireUser }) => {
    const app = new Hono<AppEnv>();
    app.get("/v1/throwaway/sightings", requireUser, async (c) =>
      c.json({ sightings: await deps.db.select().from(schema.sightings) }),
    );
    // Puts a catalogued event on the bus, so a test reaches the consumers through the runtime's real queue.
    app.post("/v1/throwaway/events", requireUser, async (c) => {
      const event = parseEvent(await readJson(c, z.unknown()));
      await deps.bus.publish([event]);
      return c.json({ published: event.id }, 202);
    });
    return [app];
  },
  consumers: [
    {
      name: "throwaway.sightings",
      patterns: ["equipment.#"],
      handle: async (event, deps: ThrowawayDeps) => {
        await consumeOnce(
          { db: deps.db, table: schema.processedEvents, clock: deps.clock },
          "throwaway.sightings",
          event,
          async () => [
            deps.db
              .insert(schema.sightings)
              .values({ eventId: event.id, type: event.type, seenAt: deps.clock.now() }),
          ],
        );
      },
    },
  ],
});

export const brokenModule: CloudModule<null> = defineCloudModule({
  name: "broken",
  deps: () => null,
  consumers: [
    {
      name: "broken.always",
      patterns: ["equipment.alarm.raised"],
      handle: async () => {
        throw new Error("broken on purpose");
      },
    },
  ],
});
