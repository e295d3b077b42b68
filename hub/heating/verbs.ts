/**
 * What people do to a room, at the hub (console, maybe offline) or from the owner app (remote actions): an
 * override until the next period or for N minutes, a boost, a mode. Each is a hub change with its event; it
 * wins over the cloud's settings until the cloud changes the room after it (hub/heating/section.ts).
 */
import { eq } from "drizzle-orm";
import { type Clock, iso } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { nextPeriodStart } from "../../shared/heating/schedule.ts";
import type { Mode } from "../../shared/heating/thermostat.ts";
import { type HubDb, heatingRooms } from "../db/index.ts";
import { siteTimeZone } from "../desired-state/index.ts";
import { writeWithEvent } from "../outbox/index.ts";
import { effectiveSettings, getRoom } from "./rooms.ts";

export interface VerbContext {
  db: HubDb;
  clock: Clock;
  source(): EventEnvelope["source"];
}
export type Origin = "hub" | "remote-action";

/** An override (`minutes` absent: until the next scheduled period) or a boost of `minutes`. */
export async function startHold(
  ctx: VerbContext,
  input: {
    roomId: string;
    hold: "override" | "boost";
    setPoint: number;
    minutes?: number;
    origin: Origin;
    by: string | null;
  },
) {
  const room = await getRoom(ctx.db, input.roomId);
  const now = ctx.clock.now();
  const until =
    input.minutes !== undefined
      ? now + input.minutes * 60_000
      : nextPeriodStart(effectiveSettings(room).schedule, await siteTimeZone(ctx.db), now);
  const state = { ...room.state, [input.hold]: { setPoint: input.setPoint, until } };
  await writeWithEvent(ctx.db, {
    event: buildEvent({
      type: "heating.override.started",
      source: ctx.source(),
      occurredAt: now,
      data: {
        roomId: room.id,
        roomName: room.name,
        hold: input.hold,
        setPoint: input.setPoint,
        until: iso(until),
        origin: input.origin,
        by: input.by,
        startedAt: iso(now),
      },
    }),
    now,
    change: [
      ctx.db
        .update(heatingRooms)
        .set({ state, hubChangedAt: now, updatedAt: now })
        .where(eq(heatingRooms.id, room.id)),
    ],
  });
  return { until };
}

/** Sets a room's mode at the hub (away and off keep frost protection). */
export async function setMode(ctx: VerbContext, input: { roomId: string; mode: Mode; origin: Origin }) {
  const room = await getRoom(ctx.db, input.roomId);
  const now = ctx.clock.now();
  await writeWithEvent(ctx.db, {
    event: buildEvent({
      type: "heating.mode.changed",
      source: ctx.source(),
      occurredAt: now,
      data: {
        roomId: room.id,
        roomName: room.name,
        mode: input.mode,
        origin: input.origin,
        changedAt: iso(now),
      },
    }),
    now,
    change: [
      ctx.db
        .update(heatingRooms)
        .set({ local: { ...room.local, mode: input.mode }, hubChangedAt: now, updatedAt: now })
        .where(eq(heatingRooms.id, room.id)),
    ],
  });
}
