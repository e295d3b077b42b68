/**
 * Heating's claim on room sensor and meter telemetry: a sensor's reading becomes its room's temperature;
 * a meter's power is integrated into the room's energy for the local day (the power until now times the
 * time since the last reading, at most 10 minutes, so a gap is not counted as heating).
 */
import { eq, sql } from "drizzle-orm";
import { meterTelemetrySchema, roomSensorTelemetrySchema } from "../../shared/heating/protocol.ts";
import { heatingEnergy, heatingRoomDevices, heatingRooms } from "../db/index.ts";
import { siteTimeZone } from "../desired-state/index.ts";
import { accepted, firstIssue, rejected } from "../ingest/context.ts";
import type { TelemetryClaim } from "../module/manifest.ts";
import { localDay } from "./day.ts";

const MAX_GAP_MS = 10 * 60_000;

export const heatingTelemetry: TelemetryClaim = {
  kinds: ["SENSOR", "METER"],
  async handle(ctx, msg) {
    const deviceId = msg.device.id;
    const at = msg.receivedAt;
    const schema = msg.device.kind === "SENSOR" ? roomSensorTelemetrySchema : meterTelemetrySchema;
    const parsed = schema.safeParse(msg.body);
    if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid telemetry"));
    const [binding] = await ctx.db
      .select({ roomId: heatingRoomDevices.roomId })
      .from(heatingRoomDevices)
      .where(eq(heatingRoomDevices.deviceId, deviceId));
    if (!binding) {
      // A device not in a room yet is seen (last_seen) but its reading is not kept.
      await ctx.writer.submit({ kind: "rows", deviceId, at, statements: [] });
      return accepted;
    }
    const room = eq(heatingRooms.id, binding.roomId);
    if ("temperature" in parsed.data) {
      const { temperature, humidity } = parsed.data;
      const statements = [
        ctx.db
          .update(heatingRooms)
          .set({ temperature, humidity: humidity ?? null, temperatureAt: at })
          .where(room),
      ];
      await ctx.writer.submit({ kind: "rows", deviceId, at, statements });
      return accepted;
    }
    const day = localDay(at, await siteTimeZone(ctx.db));
    const statements = [
      ctx.db.run(sql`INSERT INTO ${heatingEnergy} (room_id, day, wh, heating_ms)
        SELECT id, ${day}, coalesce(power_w, 0) * min(${at} - power_at, ${MAX_GAP_MS}) / 3600000.0, 0
        FROM ${heatingRooms} WHERE id = ${binding.roomId} AND power_at IS NOT NULL AND power_at < ${at}
        ON CONFLICT (room_id, day) DO UPDATE SET wh = wh + excluded.wh`),
      ctx.db.update(heatingRooms).set({ powerW: parsed.data.powerW, powerAt: at }).where(room),
    ];
    await ctx.writer.submit({ kind: "rows", deviceId, at, statements });
    return accepted;
  },
};
