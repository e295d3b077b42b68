/** The provider's list of work orders, with the site's name and zone, the unit's name and the crew by name. */
import { inArray } from "drizzle-orm";
import type { MarketplaceDeps } from "./deps.ts";
import * as schema from "./schema.ts";
import { listWorkOrders } from "./work-orders.ts";

/**
 * The provider's work orders with where they are: the site's name and zone (slots are shown and entered in
 * it) and the unit's name, with the technicians assigned by name.
 */
export async function providerWorkOrders(deps: MarketplaceDeps, providerId: string, userId: string) {
  const orders = await listWorkOrders(deps, { providerId, userId });
  const sites = new Map(
    await Promise.all(
      [...new Set(orders.map((o) => o.siteId))].map(async (id) => [id, await deps.siteInfo(id)] as const),
    ),
  );
  const ids = orders.map((o) => o.id);
  const techs: (typeof schema.workOrderTechnicians.$inferSelect)[] = [];
  // D1 binds at most 100 parameters a statement.
  for (let i = 0; i < ids.length; i += 90)
    techs.push(
      ...(await deps.db
        .select()
        .from(schema.workOrderTechnicians)
        .where(inArray(schema.workOrderTechnicians.workOrderId, ids.slice(i, i + 90)))),
    );
  const people = await deps.people([...new Set(techs.map((t) => t.userId))]);
  const names = new Map(people.map((p) => [p.userId, p.displayName ?? p.email]));
  return orders.map((o) => {
    const site = sites.get(o.siteId);
    return {
      ...o,
      siteName: site?.name ?? null,
      timeZone: site?.timeZone ?? "UTC",
      unitName: site?.units.find((u) => u.equipmentId === o.equipmentId)?.name ?? null,
      technicians: techs
        .filter((t) => t.workOrderId === o.id)
        .map((t) => ({ userId: t.userId, name: names.get(t.userId) ?? null })),
    };
  });
}
