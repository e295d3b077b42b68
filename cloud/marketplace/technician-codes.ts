/**
 * A technician's short one-time code for the hub of a work order's site (issue 19). The technician of the
 * provider, assigned to the open order, asks for it on the order's page; only its hash is stored, and it reaches
 * the hub in the `service` section, so they type it at the console with no signal (hub/auth/sign-in-code.ts).
 */
import { and, eq, gt, inArray } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import {
  hashSignInCode,
  newSignInCode,
  SIGN_IN_CODE_TTL_MS,
  type SignInCodeEntry,
} from "../../shared/sign-in-code/index.ts";
import { iso, type MarketplaceDeps } from "./deps.ts";
import * as schema from "./schema.ts";
import { getOrderRow } from "./work-orders.ts";

const OPEN = new Set(["SCHEDULED", "IN_PROGRESS"]);

/** A fresh code for the caller, an assigned technician of the open order; the code itself is shown once. */
export async function issueTechnicianCode(deps: MarketplaceDeps, workOrderId: string, userId: string) {
  const order = await getOrderRow(deps, workOrderId);
  const assigned = await deps.db
    .select()
    .from(schema.workOrderTechnicians)
    .where(
      and(
        eq(schema.workOrderTechnicians.workOrderId, order.id),
        eq(schema.workOrderTechnicians.userId, userId),
      ),
    )
    .get();
  if (!assigned)
    throw new AppError("FORBIDDEN", "only a technician assigned to this work order gets a hub code");
  if (!OPEN.has(order.status)) throw new AppError("CONFLICT", "the work order is not open");
  const now = deps.clock.now();
  const code = newSignInCode();
  const expiresAt = now + SIGN_IN_CODE_TTL_MS;
  await deps.db.insert(schema.technicianCodes).values({
    hash: await hashSignInCode(order.siteId, code),
    workOrderId: order.id,
    userId,
    createdAt: now,
    expiresAt,
  });
  return { code, expiresAt: iso(expiresAt), siteId: order.siteId };
}

/** The unexpired codes of the given open orders' assigned technicians, as the hub's section carries them. */
export async function codesForOrders(
  deps: MarketplaceDeps,
  orders: { id: string; technicians: { userId: string; name: string }[] }[],
): Promise<SignInCodeEntry[]> {
  if (orders.length === 0) return [];
  const rows = await deps.db
    .select()
    .from(schema.technicianCodes)
    .where(
      and(
        inArray(
          schema.technicianCodes.workOrderId,
          orders.map((o) => o.id),
        ),
        gt(schema.technicianCodes.expiresAt, deps.clock.now()),
      ),
    );
  const out: SignInCodeEntry[] = [];
  for (const r of rows) {
    const tech = orders.find((o) => o.id === r.workOrderId)?.technicians.find((t) => t.userId === r.userId);
    // A technician unassigned since the code was issued is no longer let in by it.
    if (tech) out.push({ hash: r.hash, userId: r.userId, name: tech.name, expiresAt: iso(r.expiresAt) });
  }
  return out.sort((a, b) => a.hash.localeCompare(b.hash));
}
