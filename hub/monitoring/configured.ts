/**
 * `equipment.configured`: a unit's name and configured range carried up to the cloud, whose food-safety record
 * is judged against it. Written with every creation and change, and once for the units a hub already had.
 */
import type { BatchItem } from "drizzle-orm/batch";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { equipment, type HubDb, hubSettings } from "../db/index.ts";
import { getSetting, LOCAL_SITE } from "../identity.ts";
import { eventStatement } from "../outbox/index.ts";
import { iso } from "./time.ts";

type Configured = Pick<
  typeof equipment.$inferSelect,
  "id" | "name" | "type" | "setTemperature" | "optimalMin" | "optimalMax"
> & { locationName?: string | null };

/** Sync stamps the claimed site and hub on the way up. */
const SOURCE: EventEnvelope["source"] = { siteId: LOCAL_SITE, module: "monitoring" };

export function configuredEvent(e: Configured, at: number, source = SOURCE): EventEnvelope {
  return buildEvent({
    type: "equipment.configured",
    source,
    occurredAt: at,
    data: {
      equipmentId: e.id,
      equipmentName: e.name,
      type: e.type,
      setTemperature: e.setTemperature,
      optimalMin: e.optimalMin,
      optimalMax: e.optimalMax,
      location: e.locationName ?? null,
      configuredAt: iso(at),
    },
  });
}

/** Set once every unit that existed before this event did has been announced. */
const ANNOUNCED = "sync.equipment.configured.announced";

/**
 * An outbox producer: on the first sync round after this build, one `equipment.configured` per existing unit
 * (the flag is set in the same batch, so a crash announces them again rather than never).
 */
export async function announceConfigurations(deps: {
  db: HubDb;
  clock: { now(): number };
  source: () => EventEnvelope["source"];
}): Promise<number> {
  const { db } = deps;
  if (await getSetting<boolean>(db, ANNOUNCED)) return 0;
  const now = deps.clock.now();
  const units = await db.select().from(equipment);
  const statements: BatchItem<"sqlite">[] = units.map((e) =>
    eventStatement(db, configuredEvent(e, e.updatedAt, deps.source()), now),
  );
  statements.push(
    db
      .insert(hubSettings)
      .values({ key: ANNOUNCED, value: true })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value: true } }),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return units.length;
}
