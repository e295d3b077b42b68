/** Energy per room and local day: once a day is over in the site's time zone, it goes up the bulk lane, once. */
import { and, eq, isNull, lt } from "drizzle-orm";
import { buildEvent } from "../../shared/events/index.ts";
import { type HubDb, heatingEnergy, heatingRooms } from "../db/index.ts";
import type { HubModuleContext } from "../module/manifest.ts";
import { writeWithEvent } from "../outbox/index.ts";
import { localDay } from "./day.ts";

export async function rollupStatements(ctx: HubModuleContext, zone: string, now: number): Promise<void> {
  const today = localDay(now, zone);
  const due = await ctx.db
    .select({ e: heatingEnergy, name: heatingRooms.name })
    .from(heatingEnergy)
    .innerJoin(heatingRooms, eq(heatingRooms.id, heatingEnergy.roomId))
    .where(and(lt(heatingEnergy.day, today), isNull(heatingEnergy.sentAt)));
  for (const { e, name } of due) {
    const row = and(
      eq(heatingEnergy.roomId, e.roomId),
      eq(heatingEnergy.day, e.day),
      isNull(heatingEnergy.sentAt),
    );
    await writeWithEvent(ctx.db, {
      event: buildEvent({
        type: "heating.energy.rolled-up",
        source: ctx.source(),
        occurredAt: now,
        data: {
          roomId: e.roomId,
          roomName: name,
          day: e.day,
          kwh: Math.round(e.wh) / 1000,
          heatingMinutes: Math.round(e.heatingMs / 60_000),
        },
      }),
      now,
      guard: ctx.db.select().from(heatingEnergy).where(row).getSQL(),
      change: [ctx.db.update(heatingEnergy).set({ sentAt: now }).where(row)],
    });
  }
}

/** A room's energy per day, oldest first, for the chart. */
export function energyOf(db: HubDb, roomId: string, limit = 31) {
  return db
    .select({ day: heatingEnergy.day, wh: heatingEnergy.wh, heatingMs: heatingEnergy.heatingMs })
    .from(heatingEnergy)
    .where(eq(heatingEnergy.roomId, roomId))
    .orderBy(heatingEnergy.day)
    .limit(limit);
}
