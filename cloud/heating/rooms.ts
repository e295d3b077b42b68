/** Heating's cloud verbs: rooms per site (the owner's configuration, sent down in desired state) and remote actions. */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import {
  HEATING_DEVICE_ROLES,
  type HeatingRoomInput,
  type HeatingSection,
  roomSettingsSchema,
} from "../../shared/heating/section.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { type SiteRole, STAFF_ROLES } from "../../shared/roles/index.ts";
import type { CloudDb } from "../db/index.ts";
import { liveOf } from "./live.ts";
import * as schema from "./schema.ts";

export type HeatingDb = CloudDb<typeof schema>;

export interface HeatingDeps {
  db: HeatingDb;
  clock: Clock;
  /** The sites module's services (declared here by shape, so the owner app's route types need no Worker code). */
  sites: () => {
    memberRole(siteId: string, userId: string, roles?: readonly SiteRole[]): Promise<SiteRole>;
    requestAction(input: {
      siteId: string;
      user: { id: string; name: string };
      kind: "heating.setpoint" | "heating.boost";
      target: string;
      input: Record<string, unknown>;
      roles: readonly (typeof STAFF_ROLES)[number][];
    }): Promise<{ actionId: string; status: "PENDING" }>;
  };
}

export const roomBodySchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    space: z.string().trim().min(1).max(80),
    settings: roomSettingsSchema,
    devices: z
      .array(z.object({ deviceId: z.string().min(1).max(64), role: z.enum(HEATING_DEVICE_ROLES) }))
      .max(16)
      .default([]),
  })
  .strict();

type Row = typeof schema.heatingRooms.$inferSelect;
const view = (r: Row): HeatingRoomInput => ({
  id: r.id,
  name: r.name,
  space: r.space,
  settings: JSON.parse(r.settings),
  changedAt: new Date(r.changedAt).toISOString(),
  devices: JSON.parse(r.devices),
});

const OWNER: readonly SiteRole[] = ["OWNER"];

/** The site's rooms with each one's live state as its hub last reported it (null before the first report). */
export async function listRooms(deps: HeatingDeps, who: { siteId: string; userId: string }) {
  await deps.sites().memberRole(who.siteId, who.userId);
  const live = await liveOf(deps, who.siteId);
  return (await roomsOf(deps, who.siteId)).map((r) => ({ ...r, live: live.get(r.id) ?? null }));
}

async function roomsOf(deps: Pick<HeatingDeps, "db">, siteId: string): Promise<HeatingRoomInput[]> {
  const rows = await deps.db.select().from(schema.heatingRooms).where(eq(schema.heatingRooms.siteId, siteId));
  return rows.map(view).sort((a, b) => a.space.localeCompare(b.space) || a.name.localeCompare(b.name));
}

/** Creates (no id) or replaces a room; an OWNER's change, dated now so it wins over older hub overrides. */
export async function putRoom(
  deps: HeatingDeps,
  who: { siteId: string; userId: string },
  roomId: string | null,
  body: z.output<typeof roomBodySchema>,
): Promise<HeatingRoomInput> {
  await deps.sites().memberRole(who.siteId, who.userId, OWNER);
  const now = deps.clock.now();
  const id = roomId ?? uuidv7(now);
  if (roomId) await getRoomRow(deps, who.siteId, roomId);
  const values = {
    siteId: who.siteId,
    id,
    name: body.name,
    space: body.space,
    settings: JSON.stringify(body.settings),
    devices: JSON.stringify(body.devices),
    changedAt: now,
  };
  await deps.db
    .insert(schema.heatingRooms)
    .values(values)
    .onConflictDoUpdate({ target: [schema.heatingRooms.siteId, schema.heatingRooms.id], set: values });
  return view(values);
}

async function getRoomRow(deps: Pick<HeatingDeps, "db">, siteId: string, roomId: string) {
  const [row] = await deps.db
    .select()
    .from(schema.heatingRooms)
    .where(and(eq(schema.heatingRooms.siteId, siteId), eq(schema.heatingRooms.id, roomId)));
  if (!row) throw new AppError("NOT_FOUND", "no such room in this site");
  return row;
}

/** A set point (override until the next period, or N minutes) or a boost, for the hub to apply once. */
export async function requestRoomAction(
  deps: HeatingDeps,
  who: { siteId: string; user: { id: string; name: string } },
  roomId: string,
  action: { kind: "heating.setpoint" | "heating.boost"; input: Record<string, unknown> },
) {
  await getRoomRow(deps, who.siteId, roomId);
  return deps.sites().requestAction({
    siteId: who.siteId,
    user: who.user,
    kind: action.kind,
    target: roomId,
    input: action.input,
    roles: STAFF_ROLES,
  });
}

/** The `heating` section of a site's desired state. */
export async function heatingSectionOf(
  deps: Pick<HeatingDeps, "db">,
  siteId: string,
): Promise<HeatingSection> {
  return { rooms: await roomsOf(deps, siteId) };
}
