/**
 * `equipment.configured`: a unit's name and configured range carried up to the cloud, whose food-safety record
 * is judged against it. Written with every creation and change, and once for the units a hub already had.
 */
import type { BatchItem } from "drizzle-orm/batch";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { equipment, type HubDb, hubSettings } from "../db/index.ts";
import { getSetting, LOCAL_SITE } from "../identity.ts";
import { eventStatement } from "../outbox/index.ts";
import { getCloudBinding } from "../sync/index.ts";
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

/** The cloud binding (hub id) every existing unit was last announced to. */
const ANNOUNCED = "sync.equipment.configured.announcedTo";

/**
 * An outbox producer: at the first sync round of each cloud binding (after this build, or a re-claim into
 * another site), one `equipment.configured` per existing unit. The mark is written in the same batch, so a
 * crash announces them again rather than never.
 */
export async function announceConfigurations(deps: {
  db: HubDb;
  clock: { now(): number };
  source: () => EventEnvelope["source"];
}): Promise<number> {
  const { db } = deps;
  const binding = await getCloudBinding(db);
  if (!binding || (await getSetting<string>(db, ANNOUNCED)) === binding.hubId) return 0;
  const now = deps.clock.now();
  const units = await db.select().from(equipment);
  const statements: BatchItem<"sqlite">[] = units.map((e) =>
    eventStatement(db, configuredEvent(e, e.updatedAt, deps.source()), now),
  );
  statements.push(
    db
      .insert(hubSettings)
      .values({ key: ANNOUNCED, value: binding.hubId })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value: binding.hubId } }),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return units.length;
}
