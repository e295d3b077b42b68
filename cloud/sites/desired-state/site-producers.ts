/** Producers of the `site`, `devices`, `equipment` and `rules` sections, from the sites database. */
import { asc, eq } from "drizzle-orm";
import type { DevicesSection, EquipmentSection } from "../../../shared/desired-state/index.ts";
import * as schema from "../schema.ts";
import { defineProducer } from "./producer.ts";
import type { SitesProducerDeps } from "./producers.ts";

export const site = defineProducer({
  section: "site",
  version: 1,
  async produce(deps: SitesProducerDeps, siteId: string) {
    const row = await deps.db
      .select({ name: schema.sites.name, timeZone: schema.sites.timeZone })
      .from(schema.sites)
      .where(eq(schema.sites.id, siteId))
      .get();
    if (!row) throw new Error(`no site ${siteId}`);
    return row;
  },
});

export const devices = defineProducer({
  section: "devices",
  version: 1,
  async produce(deps: SitesProducerDeps, siteId: string) {
    const rows = await deps.db
      .select()
      .from(schema.siteDevices)
      .where(eq(schema.siteDevices.siteId, siteId))
      .orderBy(asc(schema.siteDevices.id));
    return {
      devices: rows.map((r) => ({
        id: r.id,
        kind: r.kind as DevicesSection["devices"][number]["kind"],
        name: r.name,
        secretHash: r.secretHash,
        equipmentId: r.equipmentId,
        revoked: r.revokedAt !== null,
      })),
    };
  },
});

export const equipment = defineProducer({
  section: "equipment",
  version: 1,
  async produce(deps: SitesProducerDeps, siteId: string) {
    const rows = await deps.db
      .select()
      .from(schema.siteEquipment)
      .where(eq(schema.siteEquipment.siteId, siteId))
      .orderBy(asc(schema.siteEquipment.id));
    return {
      equipment: rows.map((r) => ({
        id: r.id,
        deviceId: r.deviceId,
        name: r.name,
        type: r.type as EquipmentSection["equipment"][number]["type"],
        setTemperature: r.setTemperature,
        optimalMin: r.optimalMin,
        optimalMax: r.optimalMax,
      })),
    };
  },
});

export const rules = defineProducer({
  section: "rules",
  version: 1,
  async produce(deps: SitesProducerDeps, siteId: string) {
    const rows = await deps.db
      .select()
      .from(schema.siteAlarmRules)
      .where(eq(schema.siteAlarmRules.siteId, siteId))
      .orderBy(asc(schema.siteAlarmRules.equipmentId));
    return { rules: rows.map((r) => ({ equipmentId: r.equipmentId, settings: JSON.parse(r.settings) })) };
  },
});
