/**
 * The `heating` desired-state section on the hub: rooms, their devices and settings from the cloud. Authority:
 * the cloud owns settings, but a change made at the hub (an override, a mode, a set point, maybe offline)
 * wins until the cloud changes the room again after it; the room's `changedAt` says when the cloud did.
 */
import { eq, inArray, notInArray } from "drizzle-orm";
import { heatingSection } from "../../shared/heating/section.ts";
import { initialState } from "../../shared/heating/thermostat.ts";
import { heatingRoomDevices, heatingRooms } from "../db/index.ts";
import { defineSection } from "../desired-state/section.ts";

export const heatingDesiredSection = defineSection({
  name: "heating",
  version: 1,
  schema: heatingSection,
  async apply(tx, value, ctx) {
    const ids = value.rooms.map((r) => r.id);
    // Rooms the cloud no longer lists go, with their device bindings.
    const gone = tx
      .select({ id: heatingRooms.id })
      .from(heatingRooms)
      .where(notInArray(heatingRooms.id, ids));
    await tx.delete(heatingRoomDevices).where(inArray(heatingRoomDevices.roomId, gone));
    await tx.delete(heatingRooms).where(notInArray(heatingRooms.id, ids));
    for (const room of value.rooms) {
      const changedAt = Date.parse(room.changedAt);
      const [row] = await tx.select().from(heatingRooms).where(eq(heatingRooms.id, room.id));
      if (!row) {
        await tx.insert(heatingRooms).values({
          id: room.id,
          name: room.name,
          space: room.space,
          settings: room.settings,
          cloudChangedAt: changedAt,
          state: initialState(),
          updatedAt: ctx.now,
        });
      } else {
        // A cloud change made after the hub's last change clears the hub's changes and holds.
        const cloudWins = changedAt > row.cloudChangedAt && changedAt > (row.hubChangedAt ?? 0);
        await tx
          .update(heatingRooms)
          .set({
            name: room.name,
            space: room.space,
            settings: room.settings,
            cloudChangedAt: Math.max(changedAt, row.cloudChangedAt),
            ...(cloudWins ? { local: {}, hubChangedAt: null, state: { ...row.state, override: null } } : {}),
            updatedAt: ctx.now,
          })
          .where(eq(heatingRooms.id, room.id));
      }
      await tx.delete(heatingRoomDevices).where(eq(heatingRoomDevices.roomId, room.id));
      for (const d of room.devices) {
        await tx
          .insert(heatingRoomDevices)
          .values({ deviceId: d.deviceId, roomId: room.id, role: d.role })
          .onConflictDoUpdate({
            target: heatingRoomDevices.deviceId,
            set: { roomId: room.id, role: d.role },
          });
      }
    }
  },
});
