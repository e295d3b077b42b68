/** A room as people see it: live temperature, target and why, heater state, switches in the last hour against the cap, predicted start. */

import type { Clock } from "../../shared/clock/index.ts";
import { iso } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import { siteTimeZone } from "../desired-state/index.ts";
import { effectiveSettings, getRoom, listRooms, type RoomRow } from "./rooms.ts";

const HOUR = 3_600_000;

export function present(row: RoomRow, now: number) {
  const s = effectiveSettings(row);
  const st = row.state;
  return {
    id: row.id,
    name: row.name,
    space: row.space,
    mode: s.mode,
    temperature: row.temperature,
    humidity: row.humidity,
    temperatureAt: iso(row.temperatureAt),
    stale: row.temperatureAt === null || now - row.temperatureAt > s.staleAfterMs,
    target: row.target,
    source: row.source,
    reason: row.reason,
    heaterOn: st.heaterOn,
    switchesLastHour: st.switches.filter((t) => now - t < HOUR).length,
    maxSwitchesPerHour: s.maxSwitchesPerHour,
    predictedStart: iso(row.predictedStart),
    warmRatePerHour: st.warmRate === null ? null : Math.round(st.warmRate * 10) / 10,
    override: st.override && { setPoint: st.override.setPoint, until: iso(st.override.until) },
    boost: st.boost && { setPoint: st.boost.setPoint, until: iso(st.boost.until) },
    windowPausedUntil: iso(st.windowPausedUntil),
    settings: { ...row.settings, ...row.local },
  };
}

export async function roomViews(ctx: { db: HubDb; clock: Clock }) {
  const now = ctx.clock.now();
  return (await listRooms(ctx.db)).map((r) => present(r, now));
}

/** The site's time zone, for the pages to show times and days as the site reads them. */
export const zoneOf = (db: HubDb) => siteTimeZone(db);

export async function roomView(ctx: { db: HubDb; clock: Clock }, id: string) {
  return present(await getRoom(ctx.db, id), ctx.clock.now());
}
