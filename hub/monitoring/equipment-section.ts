/**
 * The `equipment` section, through the hub's equipment verbs. Who wins: the cloud owns name, type, set
 * point and optimal range of the equipment it lists; an edit made on the hub offline stays in the
 * equipment history and gives way to the next document. Readings, alarms and history are the hub's.
 */
import { eq } from "drizzle-orm";
import { equipmentSection as schema } from "../../shared/desired-state/index.ts";
import { equipment } from "../db/index.ts";
import { defineSection } from "../desired-state/section.ts";
import { fixedClock, verbsDb } from "../desired-state/tx-db.ts";
import { createEquipment, updateEquipment } from "./equipment.ts";

export const equipmentSection = defineSection({
  name: "equipment",
  version: 1,
  schema,
  async apply(tx, value, ctx) {
    // Ingest is told once, after the commit (the applier's `changed`).
    const verbs = { db: verbsDb(tx), clock: fixedClock(ctx.now), changed: async () => {} };
    for (const { id, deviceId, ...fields } of value.equipment) {
      const [current] = await verbs.db
        .select({ id: equipment.id })
        .from(equipment)
        .where(eq(equipment.id, id));
      if (current) await updateEquipment(verbs, id, fields);
      else await createEquipment(verbs, { ...fields, deviceId }, id);
    }
  },
});
