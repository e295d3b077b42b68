/** What the console's visit screen reads: the open work orders that name the technician, with their visits here. */
import { desc, eq, inArray } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { equipment, type HubDb, serviceVisits, serviceWorkOrders } from "../db/index.ts";

type VisitRow = typeof serviceVisits.$inferSelect;

/** A visit as the technician sees it, with the total of the lines they recorded (minor units). */
function visitView(v: VisitRow) {
  return {
    id: v.id,
    status: v.status,
    checkedInAt: v.checkedInAt,
    completedAt: v.completedAt,
    notes: v.notes,
    items: v.items,
    resolution: v.resolution,
    // Shown as recorded; the cloud computes the work order's totals again from these lines.
    itemsTotal: v.items.reduce((sum, i) => sum + Math.round(i.quantity * i.unitPrice), 0),
  };
}

/**
 * The site's open work orders that name `technicianId` (every open order when `all`, for a site member who
 * looks on), each with its unit's name and this technician's visits, newest first.
 */
export async function workOrdersFor(db: HubDb, input: { technicianId: string; all: boolean }) {
  const orders = await db
    .select({ order: serviceWorkOrders, unitName: equipment.name })
    .from(serviceWorkOrders)
    .leftJoin(equipment, eq(equipment.id, serviceWorkOrders.equipmentId));
  const mine = orders.filter(
    (o) => input.all || o.order.technicians.some((t) => t.userId === input.technicianId),
  );
  const visits = mine.length
    ? await db
        .select()
        .from(serviceVisits)
        .where(
          inArray(
            serviceVisits.workOrderId,
            mine.map((o) => o.order.id),
          ),
        )
        .orderBy(desc(serviceVisits.checkedInAt))
    : [];
  return mine.map(({ order, unitName }) => ({
    ...order,
    unitName,
    assigned: order.technicians.some((t) => t.userId === input.technicianId),
    visits: visits
      .filter((v) => v.workOrderId === order.id && v.technicianId === input.technicianId)
      .map(visitView),
  }));
}

/** One visit of the technician's own; NOT_FOUND for anyone else's. */
export async function visitOf(db: HubDb, input: { visitId: string; technicianId: string }) {
  const [v] = await db.select().from(serviceVisits).where(eq(serviceVisits.id, input.visitId));
  if (!v || v.technicianId !== input.technicianId) throw new AppError("NOT_FOUND", "no such visit");
  return visitView(v);
}
