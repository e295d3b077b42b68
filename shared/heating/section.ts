/** The `heating` desired-state section and remote actions: rooms, their thermostat settings and schedules, from the cloud. */
import { z } from "zod";
import { weekScheduleSchema } from "./schedule.ts";

const minutes = (max: number) => z.number().int().min(0).max(max);

/** A room's thermostat settings as the cloud sends them (times in minutes, as people set them). */
export const roomSettingsSchema = z
  .object({
    mode: z.enum(["auto", "manual", "away", "off"]),
    setPoint: z.number().min(5).max(30),
    awaySetPoint: z.number().min(5).max(30),
    schedule: weekScheduleSchema,
    hysteresis: z.number().min(0.1).max(2),
    minOnMinutes: minutes(60),
    minOffMinutes: minutes(60),
    maxSwitchesPerHour: z.number().int().min(1).max(30),
    frostC: z.number().min(3).max(12),
    maxC: z.number().min(20).max(40),
    staleAfterMinutes: minutes(24 * 60),
    staleAction: z.enum(["off", "on", "keep"]),
    windowPauseMinutes: minutes(180),
    earlyStart: z.boolean(),
  })
  .strict();
export type RoomSettingsInput = z.infer<typeof roomSettingsSchema>;

export const HEATING_DEVICE_ROLES = ["HEATER", "SENSOR", "CONTROLLER", "METER"] as const;

export const heatingRoomSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(80),
    /** The space (flat, house) the room is in, by name as the owner named it. */
    space: z.string().min(1).max(80),
    settings: roomSettingsSchema,
    /** When the cloud last changed this room: a hub override made after it wins until a newer cloud change. */
    changedAt: z.string().datetime({ offset: true }),
    devices: z
      .array(z.object({ deviceId: z.string().min(1).max(64), role: z.enum(HEATING_DEVICE_ROLES) }))
      .max(16),
  })
  .strict();
export type HeatingRoomInput = z.infer<typeof heatingRoomSchema>;

export const heatingSection = z.object({ rooms: z.array(heatingRoomSchema).max(500) }).strict();
export type HeatingSection = z.infer<typeof heatingSection>;

/** Remote actions from the owner app: a set point (an override until the next period) and a boost. */
export const setpointActionSchema = z
  .object({
    setPoint: z.number().min(5).max(30),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
  })
  .strict();
export const boostActionSchema = z
  .object({ setPoint: z.number().min(5).max(30), minutes: z.number().int().min(5).max(240) })
  .strict();
