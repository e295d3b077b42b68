/**
 * The `service` section: the site's open work orders and the technicians allowed in for each, replaced
 * whole. Visits already recorded here stay whatever the section says (the cloud keeps their record too).
 */
import type { ServiceSection } from "../../shared/desired-state/service-section.ts";
import { serviceSection as schema } from "../../shared/desired-state/service-section.ts";
import { replaceTechnicianCodes } from "../auth/index.ts";
import { type HubDb, serviceWorkOrders } from "../db/index.ts";
import { defineSection } from "../desired-state/section.ts";
import { verbsDb } from "../desired-state/tx-db.ts";

/** Replaces the work orders the hub knows with the cloud's list. */
export async function applyWorkOrders(db: HubDb, value: ServiceSection): Promise<void> {
  await db.delete(serviceWorkOrders);
  for (const o of value.workOrders) await db.insert(serviceWorkOrders).values(o);
}

export const serviceSection = defineSection({
  name: "service",
  version: 1,
  schema,
  async apply(tx, value) {
    await applyWorkOrders(verbsDb(tx), value);
    await replaceTechnicianCodes(tx, value.signInCodes);
  },
});
