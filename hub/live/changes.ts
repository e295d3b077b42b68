/**
 * What changed on the console's screens since the last look: equipment with its latest reading, alarms
 * (open ones, and each one as it leaves the open set: cleared or closed) and devices with their presence.
 */
import { ALARM_STATUSES } from "../../shared/alarms/index.ts";
import type { HubDb } from "../db/index.ts";
import { listDevices } from "../devices/index.ts";
import { listAlarms, listEquipment } from "../monitoring/index.ts";
import type { HubLiveMessage } from "./messages.ts";

type Equipment = Awaited<ReturnType<typeof listEquipment>>[number];
type Alarm = Awaited<ReturnType<typeof listAlarms>>[number];
type Device = Awaited<ReturnType<typeof listDevices>>[number];
export type LiveMessage = HubLiveMessage<Equipment, Alarm, Device>;

const NOT_CLOSED = ALARM_STATUSES.filter((s) => s !== "CLOSED");

/** Remembers what it last reported, as JSON per id, so each call answers only the differences. */
export class ScreenChanges {
  private equipment = new Map<string, string>();
  private alarms = new Map<string, string>();
  private devices = new Map<string, string>();

  /** Forgets everything: the next call reports every row (used when the first subscriber arrives). */
  reset(): void {
    this.equipment.clear();
    this.alarms.clear();
    this.devices.clear();
  }

  async since(db: HubDb): Promise<LiveMessage[]> {
    const [equipment, alarms, devices] = await Promise.all([
      listEquipment(db),
      listAlarms(db, { statuses: NOT_CLOSED }),
      listDevices(db),
    ]);
    const out: LiveMessage[] = [];
    for (const e of diff(this.equipment, equipment)) out.push({ type: "equipment", data: e });
    for (const id of [...this.equipment.keys()].filter((id) => !equipment.some((e) => e.id === id))) {
      this.equipment.delete(id);
      out.push({ type: "equipment-removed", data: { id } });
    }
    for (const d of diff(this.devices, devices)) out.push({ type: "device", data: d });
    const gone = [...this.alarms.keys()].filter((id) => !alarms.some((a) => a.id === id));
    // Closed since the last look: report the closed row once, then stop watching it.
    const left = gone.length ? await listAlarms(db, { ids: gone }) : [];
    for (const id of gone) this.alarms.delete(id);
    for (const a of left) out.push({ type: "alarm", data: a });
    for (const a of diff(this.alarms, alarms)) out.push({ type: "alarm", data: a });
    return out;
  }
}

/** Rows whose JSON differs from `seen` (which is updated). */
function diff<T extends { id: string }>(seen: Map<string, string>, rows: readonly T[]): T[] {
  const changed: T[] = [];
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (seen.get(row.id) === json) continue;
    seen.set(row.id, json);
    changed.push(row);
  }
  return changed;
}
