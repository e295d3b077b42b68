/**
 * A technician's visit recorded on the hub offline (hub module `service`), applied to the cloud's work order
 * once per event. Conflict rule: the visit's status merges as the furthest state reached (CHECKED_IN <
 * COMPLETED); parts are append-only (keyed by their operation id); an order cancelled in the cloud meanwhile
 * stays CANCELLED but keeps the visit's record (visit row, notes, parts, snapshot).
 */
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import { consumeOnce } from "../events/index.ts";
import { flush, type MarketplaceDeps, statement } from "./deps.ts";
import * as schema from "./schema.ts";
import { completeStatements, getOrderRow, itemStatements, startStatements } from "./work-orders.ts";

type VisitBase = { visitId: string; workOrderId: string; technicianId: string; at: string };

export async function applyVisitEvent(deps: MarketplaceDeps, event: EventEnvelope) {
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "marketplace.visits",
    event,
    async () => {
      const data = event.data as VisitBase;
      const order = await getOrderRow(deps, data.workOrderId).catch(() => null);
      // Only a hub of the order's own site, for a technician assigned to it, writes to it.
      if (!order || order.siteId !== event.source.siteId) return [];
      const assigned = await deps.db
        .select()
        .from(schema.workOrderTechnicians)
        .where(sql`work_order_id = ${order.id} AND user_id = ${data.technicianId}`)
        .get();
      if (!assigned) return [];
      const at = Date.parse(data.at);
      const now = deps.clock.now();
      const { db } = deps;
      const status = event.type === "service.visit.completed" ? "COMPLETED" : "CHECKED_IN";
      const upsert = statement(
        db,
        sql`INSERT INTO visits (id, work_order_id, technician_id, status, checked_in_at, completed_at, notes)
          VALUES (${data.visitId}, ${order.id}, ${data.technicianId}, ${status},
            ${event.type === "service.visit.checked-in" ? at : null}, ${status === "COMPLETED" ? at : null}, '[]')
          ON CONFLICT(id) DO UPDATE SET
            status = CASE WHEN excluded.status = 'COMPLETED' OR visits.status = 'COMPLETED' THEN 'COMPLETED' ELSE 'CHECKED_IN' END,
            checked_in_at = COALESCE(visits.checked_in_at, excluded.checked_in_at),
            completed_at = COALESCE(visits.completed_at, excluded.completed_at)`,
      );
      const effect: BatchItem<"sqlite">[] = [upsert];
      switch (event.type) {
        case "service.visit.checked-in":
          effect.push(...startStatements(db, order, at, now));
          break;
        case "service.visit.noted": {
          const d = data as EventData<"service.visit.noted">;
          effect.push(
            statement(
              db,
              sql`UPDATE visits SET notes = json_insert(notes, '$[#]', json(${JSON.stringify({ opId: d.opId, note: d.note, at: d.at })})) WHERE id = ${d.visitId}`,
            ),
          );
          break;
        }
        case "service.visit.parts-used": {
          const d = data as EventData<"service.visit.parts-used">;
          effect.push(...itemStatements(db, order.id, d.items, now));
          break;
        }
        case "service.visit.snapshot": {
          const d = data as EventData<"service.visit.snapshot">;
          const snapshot = { readings: d.readings, openAlarms: d.openAlarms, at: d.at };
          effect.push(
            statement(
              db,
              sql`UPDATE visits SET snapshot = ${JSON.stringify(snapshot)} WHERE id = ${d.visitId}`,
            ),
          );
          break;
        }
        case "service.visit.completed": {
          const d = data as EventData<"service.visit.completed">;
          effect.push(...completeStatements(db, order, at, d.resolution, now));
          break;
        }
      }
      return effect;
    },
  );
  await flush(deps);
}
