/** The owner app's live rooms: each hub's heating.room.status, kept per room (the newest wins, redeliveries change nothing). */
import { eq, sql } from "drizzle-orm";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import { consumeOnce } from "../events/index.ts";
import type { HeatingDeps } from "./rooms.ts";
import * as schema from "./schema.ts";

export async function projectRoomStatus(deps: HeatingDeps, event: EventEnvelope): Promise<void> {
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "heating.live",
    event,
    async () => {
      const d = event.data as EventData<"heating.room.status">;
      const row = {
        siteId: event.source.siteId,
        roomId: d.roomId,
        temperature: d.temperature,
        target: d.target,
        heaterOn: d.heaterOn,
        source: d.source,
        reason: d.reason,
        switchesLastHour: d.switchesLastHour,
        maxSwitchesPerHour: d.maxSwitchesPerHour,
        predictedStart: d.predictedStart === null ? null : Date.parse(d.predictedStart),
        at: Date.parse(d.at),
      };
      return [
        deps.db
          .insert(schema.heatingLive)
          .values(row)
          .onConflictDoUpdate({
            target: [schema.heatingLive.siteId, schema.heatingLive.roomId],
            set: row,
            // Events arrive out of order: an older status never replaces a newer one.
            setWhere: sql`excluded.at > ${schema.heatingLive.at}`,
          }),
      ];
    },
  );
}

export async function liveOf(deps: Pick<HeatingDeps, "db">, siteId: string) {
  const rows = await deps.db.select().from(schema.heatingLive).where(eq(schema.heatingLive.siteId, siteId));
  return new Map(
    rows.map((r) => [
      r.roomId,
      {
        temperature: r.temperature,
        target: r.target,
        heaterOn: r.heaterOn,
        source: r.source,
        reason: r.reason,
        switchesLastHour: r.switchesLastHour,
        maxSwitchesPerHour: r.maxSwitchesPerHour,
        predictedStart: r.predictedStart === null ? null : new Date(r.predictedStart).toISOString(),
        at: new Date(r.at).toISOString(),
      },
    ]),
  );
}
