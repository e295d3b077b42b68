/**
 * The heating tick: every room's thermostat decision on the injected clock, heater commands through the
 * command machinery, the room's state and its events in one batch, and the checks on heaters that do not
 * answer or report another state than commanded. The first tick after a start re-asserts every heater.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { iso } from "../../shared/clock/index.ts";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { decide } from "../../shared/heating/thermostat.ts";
import { createCommand } from "../commands/index.ts";
import {
  commands,
  deviceLogs,
  devices,
  heatingEnergy,
  heatingRoomDevices,
  heatingRooms,
} from "../db/index.ts";
import { siteTimeZone } from "../desired-state/index.ts";
import { clearErrorStatement, logStatement } from "../devices/index.ts";
import type { HubModuleContext } from "../module/manifest.ts";
import { eventStatement } from "../outbox/index.ts";
import { localDay } from "./day.ts";
import { rollupStatements } from "./energy.ts";
import { effectiveSettings, listRooms, type RoomRow } from "./rooms.ts";

/** How long a switch command may wait for its heater's acknowledgement (redelivered meanwhile). */
export const SWITCH_EXPIRY_S = 120;
const STATUS_EVERY_MS = 10 * 60_000;
/** The log line of a heater marked ERROR for silence: only that ERROR ends when it answers again. */
const NO_ACK_MESSAGE = "switch command not acknowledged";

export async function heatingTick(
  ctx: HubModuleContext,
  opts: { tickMs: number; reassert: boolean },
): Promise<void> {
  const { db, clock } = ctx;
  const zone = await siteTimeZone(db);
  const now = clock.now();
  const rooms = await listRooms(db);
  const bindings = await db.select().from(heatingRoomDevices);
  const heaterIds = bindings.filter((b) => b.role === "HEATER").map((b) => b.deviceId);
  const heaterRows = heaterIds.length
    ? await db.select().from(devices).where(inArray(devices.id, heaterIds))
    : [];
  const heaters = new Map(heaterRows.map((d) => [d.id, d]));
  for (const room of rooms) {
    const mine = bindings
      .filter((b) => b.roomId === room.id && b.role === "HEATER")
      .map((b) => heaters.get(b.deviceId));
    await tickRoom(
      ctx,
      room,
      mine.filter((d) => d !== undefined && d.status !== "REVOKED") as typeof heaterRows,
      {
        ...opts,
        zone,
        now,
      },
    );
  }
  await rollupStatements(ctx, zone, now);
}

type Heater = typeof devices.$inferSelect;

async function tickRoom(
  ctx: HubModuleContext,
  room: RoomRow,
  heaters: Heater[],
  o: { tickMs: number; reassert: boolean; zone: string; now: number },
) {
  const { db } = ctx;
  const { now, zone } = o;
  const reading =
    room.temperature !== null && room.temperatureAt !== null
      ? { c: room.temperature, at: room.temperatureAt }
      : null;
  const d = decide(effectiveSettings(room), room.state, zone, now, reading);
  const roomRef = { roomId: room.id, roomName: room.name };
  const events: EventEnvelope[] = [];
  const ev = <T extends Parameters<typeof buildEvent>[0]["type"]>(
    type: T,
    data: Parameters<typeof buildEvent<T>>[0]["data"],
  ) => events.push(buildEvent({ type, data, source: ctx.source(), occurredAt: now }));
  const alarmed = new Set(room.alarmed);
  const extra: BatchItem<"sqlite">[] = [];
  const failure = (heater: Heater | null, cause: "no-heat" | "no-ack" | "state-mismatch", detail: string) =>
    ev("heating.failure.detected", {
      ...roomRef,
      deviceId: heater?.id ?? null,
      deviceName: heater?.name ?? null,
      cause,
      detail,
      detectedAt: iso(now),
    });

  for (const e of d.events) {
    if (e.kind === "switched")
      ev("heating.heater.switched", {
        ...roomRef,
        heaterIds: heaters.map((h) => h.id),
        on: e.on,
        reason: d.reason,
        target: d.target,
        temperature: reading?.c ?? null,
        switchedAt: iso(now),
      });
    else if (e.kind === "override-ended")
      ev("heating.override.ended", { ...roomRef, hold: e.hold, endedAt: iso(now) });
    else if (e.kind === "safety" || e.kind === "window-opened")
      ev("heating.safety.tripped", {
        ...roomRef,
        cause: e.kind === "safety" ? e.cause : "window",
        temperature: reading?.c ?? null,
        action: e.kind === "window-opened" ? "heating paused" : `heater ${d.heaterOn ? "on" : "off"}`,
        until: e.kind === "window-opened" ? iso(e.until) : null,
        trippedAt: iso(now),
      });
    else if (e.kind === "failure")
      failure(null, "no-heat", "the heater ran near full power with the temperature flat");
  }

  // Heaters that did not answer their last switch command, or report another state than commanded.
  const sent = Object.values(room.commands);
  const rows = sent.length ? await db.select().from(commands).where(inArray(commands.id, sent)) : [];
  const resend = new Set<string>();
  for (const h of heaters) {
    const cmd = rows.find((c) => c.id === room.commands[h.id]);
    if (!cmd) continue;
    if (cmd.status === "EXPIRED" && !alarmed.has(cmd.id)) {
      alarmed.add(cmd.id);
      // One alarm per heater going silent; while it stays in ERROR it is only told again.
      if (h.status !== "ERROR") {
        failure(
          h,
          "no-ack",
          `no acknowledgement of "switch ${cmd.args.on ? "on" : "off"}" within ${SWITCH_EXPIRY_S} s (${cmd.attempts} deliveries)`,
        );
        extra.push(
          db.update(devices).set({ status: "ERROR" }).where(eq(devices.id, h.id)),
          logStatement(db, {
            deviceId: h.id,
            level: "error",
            type: "error",
            message: NO_ACK_MESSAGE,
            at: now,
          }),
        );
      }
      resend.add(h.id);
    }
    if (
      cmd.status === "ACKNOWLEDGED" &&
      h.status === "ERROR" &&
      (await silentSince(ctx, h.id, cmd.finishedAt))
    )
      extra.push(
        clearErrorStatement(db, h.id),
        logStatement(db, {
          deviceId: h.id,
          level: "info",
          type: "status",
          message: "answers again",
          at: now,
        }),
      );
    const reported = h.state?.on;
    if (
      cmd.status === "ACKNOWLEDGED" &&
      typeof reported === "boolean" &&
      reported !== cmd.args.on &&
      (h.stateAt ?? 0) > (cmd.finishedAt ?? now) &&
      !alarmed.has(`${cmd.id}:state`)
    ) {
      alarmed.add(`${cmd.id}:state`);
      failure(
        h,
        "state-mismatch",
        `commanded ${cmd.args.on ? "on" : "off"}, reports ${reported ? "on" : "off"}`,
      );
    }
  }

  const switched = d.events.some((e) => e.kind === "switched");
  // The owner app's live view: on a change that people see, and every 10 minutes for the temperature.
  const sendStatus =
    switched ||
    d.target !== room.target ||
    d.source !== room.source ||
    d.reason !== room.reason ||
    now - (room.statusAt ?? 0) >= STATUS_EVERY_MS;
  if (sendStatus) {
    const s = effectiveSettings(room);
    ev("heating.room.status", {
      ...roomRef,
      space: room.space,
      temperature: reading?.c ?? null,
      target: d.target,
      heaterOn: d.heaterOn,
      source: d.source,
      reason: d.reason,
      switchesLastHour: d.state.switches.length,
      maxSwitchesPerHour: s.maxSwitchesPerHour,
      predictedStart: d.predictedStart === null ? null : iso(d.predictedStart),
      at: iso(now),
    });
  }
  const targets = heaters.filter((h) => switched || o.reassert || resend.has(h.id));
  const sentNow: Record<string, string> = { ...room.commands };
  for (const h of targets) {
    const cmd = await createCommand(ctx, h.id, {
      name: "switch",
      args: { on: d.heaterOn },
      expiresInSeconds: SWITCH_EXPIRY_S,
    });
    sentNow[h.id] = cmd.id;
  }

  const day = localDay(now, zone);
  if (room.state.heaterOn)
    extra.push(
      db
        .insert(heatingEnergy)
        .values({ roomId: room.id, day, heatingMs: o.tickMs })
        .onConflictDoUpdate({
          target: [heatingEnergy.roomId, heatingEnergy.day],
          set: { heatingMs: sql`${heatingEnergy.heatingMs} + ${o.tickMs}` },
        }),
    );
  await db.batch([
    db
      .update(heatingRooms)
      .set({
        state: d.state,
        target: d.target,
        source: d.source,
        reason: d.reason,
        predictedStart: d.predictedStart,
        commands: sentNow,
        alarmed: [...alarmed].slice(-50),
        ...(sendStatus ? { statusAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(heatingRooms.id, room.id)),
    ...events.map((e) => eventStatement(db, e, now)),
    ...extra,
  ]);
  for (const h of targets) await ctx.commandCreated(h.id);
}

/**
 * True when the heater's ERROR is the tick's own "did not answer" and the acknowledgement came after it. A
 * fault the heater reported itself stays until the heater clears it (devices module).
 */
async function silentSince(ctx: HubModuleContext, deviceId: string, ackAt: number | null): Promise<boolean> {
  const [last] = await ctx.db
    .select({ message: deviceLogs.message, at: deviceLogs.recordedAt })
    .from(deviceLogs)
    .where(and(eq(deviceLogs.deviceId, deviceId), eq(deviceLogs.level, "error")))
    .orderBy(desc(deviceLogs.id))
    .limit(1);
  return last?.message === NO_ACK_MESSAGE && (ackAt ?? 0) >= last.at;
}
