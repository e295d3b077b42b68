/**
 * A dispenser's scan: the token's checks, then one write that either spends the code and queues the
 * `dispense` command, or queues a `refuse` with its reason. The code's id is the redemptions table's key, so
 * of two racing scans (any dispensers) one inserts and the other is refused SPENT in SQL, whatever it read.
 * A repeated scan id (the dispenser's own) finds its scan row and changes nothing: the same redemption.
 */
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { type QrClaims, type RefusalReason, verifyQrToken } from "../../shared/dispensing/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { trustedNow } from "../auth/trusted-time.ts";
import {
  dispensingCodes as codes,
  commands,
  devices,
  dispensingInventory as inv,
  dispensingOrders as orders,
  dispensingProducts as products,
  dispensingRedemptions as redemptions,
  dispensingScans as scans,
  dispensingSlots as slots,
} from "../db/index.ts";
import type { DeviceHookContext } from "../module/index.ts";
import { eventStatement } from "../outbox/index.ts";
import { currentSite, ensureHubQrKey, qrVerifyKeys } from "./keys.ts";
import { expectCommand } from "./nudge.ts";

export const scanSchema = z.object({ scanId: z.string().min(1).max(64), code: z.string().min(1).max(2000) });
/** How long a dispense or refusal waits for its dispenser. */
const COMMAND_TTL_MS = 10 * 60_000;
type Plan = { slot: number; productId: string; quantity: number }[];
const iso = (ms: number) => new Date(ms).toISOString();

export async function scanStatements(
  ctx: DeviceHookContext,
  msg: { device: { id: string }; event: { data?: Record<string, unknown> }; receivedAt: number },
): Promise<BatchItem<"sqlite">[]> {
  const parsed = scanSchema.safeParse(msg.event.data ?? {});
  if (!parsed.success) return [];
  const { scanId, code } = parsed.data;
  const { db } = ctx;
  const deviceId = msg.device.id;
  const [seen] = await db
    .select()
    .from(scans)
    .where(and(eq(scans.deviceId, deviceId), eq(scans.scanId, scanId)));
  if (seen) return [];
  const [device] = await db.select({ name: devices.name }).from(devices).where(eq(devices.id, deviceId));
  const s: Scan = {
    ctx,
    deviceId,
    deviceName: device?.name ?? deviceId,
    scanId,
    at: msg.receivedAt,
    mark: `PENDING:${uuidv7(msg.receivedAt)}`,
  };
  const check = await verifyQrToken(code, await qrVerifyKeys(db), {
    site: await currentSite(db),
    now: await trustedNow(db, ctx.clock),
  });
  if (!check.ok) return refusal(s, check.reason, check.claims ?? null);
  const decided = await decide(s, check.claims);
  if (typeof decided === "string") return refusal(s, decided, check.claims);
  return redemption(s, check.claims, decided);
}

interface Scan {
  ctx: DeviceHookContext;
  deviceId: string;
  deviceName: string;
  scanId: string;
  at: number;
  mark: string;
}

/** What the hub's state says about a good token: a refusal reason, or the slots that will give it. */
async function decide(
  s: Scan,
  claims: QrClaims,
): Promise<
  | RefusalReason
  | { plan: Plan; online: boolean; names: Map<string, { name: string; price: number; currency: string }> }
> {
  const { db } = s.ctx;
  const [codeRow] = await db.select().from(codes).where(eq(codes.id, claims.id));
  if (codeRow?.revoked) return "REVOKED";
  const [spent] = await db.select().from(redemptions).where(eq(redemptions.codeId, claims.id));
  if (spent) return "SPENT";
  const [order] = await db.select().from(orders).where(eq(orders.id, claims.order));
  const own = claims.kid === (await ensureHubQrKey(db)).kid;
  if (own && !order) return "FORGED";
  if (order && (order.status === "CANCELLED" || order.status === "REFUNDED")) return "REVOKED";
  if (order && order.status === "COMPLETED") return "SPENT";
  if (order && order.status !== "PAID") return "REVOKED";
  const names = new Map<string, { name: string; price: number; currency: string }>();
  const plan: Plan = [];
  const held = await db
    .select({ plan: redemptions.plan })
    .from(redemptions)
    .where(and(eq(redemptions.deviceId, s.deviceId), isNull(redemptions.outcome)));
  const pending = (slot: number) =>
    held.flatMap((h) => h.plan).reduce((n, p) => (p.slot === slot ? n + p.quantity : n), 0);
  const mine = await db.select().from(slots).where(eq(slots.deviceId, s.deviceId));
  for (const item of claims.items) {
    const [p] = await db.select().from(products).where(eq(products.id, item.productId));
    if (!p?.dispensable) return "NOT_DISPENSABLE";
    names.set(p.id, { name: p.name, price: p.priceMinor, currency: p.currency });
    const slot = mine.find(
      (x) =>
        x.productId === item.productId && x.count - pending(x.slot) - planned(plan, x.slot) >= item.quantity,
    );
    if (!slot) return "OUT_OF_STOCK";
    plan.push({ slot: slot.slot, productId: item.productId, quantity: item.quantity });
  }
  return { plan, online: !order, names };
}

const planned = (plan: Plan, slot: number) =>
  plan.reduce((n, p) => (p.slot === slot ? n + p.quantity : n), 0);

function commandInsert(s: Scan, id: string, name: string, args: SQL | string, when: SQL) {
  return s.ctx.db.run(sql`INSERT INTO ${commands} (id, device_id, name, args, status, created_at, expires_at, attempts)
    SELECT ${id}, ${s.deviceId}, ${name}, ${args}, 'QUEUED', ${s.at}, ${s.at + COMMAND_TTL_MS}, 0 WHERE ${when}`);
}

function scanInsert(s: Scan, codeId: string | null) {
  return s.ctx.db.run(sql`INSERT INTO ${scans} (device_id, scan_id, code_id, outcome, at)
    VALUES (${s.deviceId}, ${s.scanId}, ${codeId}, ${s.mark}, ${s.at}) ON CONFLICT DO NOTHING`);
}

const mineOf = (s: Scan) =>
  sql`SELECT 1 FROM ${scans} WHERE device_id = ${s.deviceId} AND scan_id = ${s.scanId} AND outcome = ${s.mark}`;

function rejectedEvent(s: Scan, reason: RefusalReason, claims: QrClaims | null, guard: SQL) {
  return eventStatement(
    s.ctx.db,
    buildEvent({
      type: "dispenser.qr.rejected",
      data: {
        codeId: claims?.id ?? null,
        orderId: claims?.order ?? null,
        deviceId: s.deviceId,
        deviceName: s.deviceName,
        scanId: s.scanId,
        reason,
        rejectedAt: iso(s.at),
      },
      source: s.ctx.source(),
      occurredAt: s.at,
    }),
    s.at,
    guard,
  );
}

function refusal(s: Scan, reason: RefusalReason, claims: QrClaims | null): BatchItem<"sqlite">[] {
  const mine = mineOf(s);
  const commandId = uuidv7(s.at);
  expectCommand(s.ctx.writer, commandId, s.deviceId);
  return [
    scanInsert(s, claims?.id ?? null),
    commandInsert(
      s,
      commandId,
      "refuse",
      JSON.stringify({ scanId: s.scanId, reason }),
      sql`EXISTS (${mine})`,
    ),
    rejectedEvent(s, reason, claims, mine),
    s.ctx.db.run(sql`UPDATE ${scans} SET outcome = ${`REFUSED:${reason}`}
      WHERE device_id = ${s.deviceId} AND scan_id = ${s.scanId} AND outcome = ${s.mark}`),
  ];
}

function redemption(
  s: Scan,
  claims: QrClaims,
  d: { plan: Plan; online: boolean; names: Map<string, { name: string; price: number; currency: string }> },
): BatchItem<"sqlite">[] {
  const { db } = s.ctx;
  const mine = mineOf(s);
  const commandId = uuidv7(s.at);
  const refuseId = uuidv7(s.at);
  const won = sql`SELECT 1 FROM ${redemptions} WHERE code_id = ${claims.id} AND command_id = ${commandId}`;
  // Decided again inside the write: a refund or cancellation that committed since the read wins.
  const revoked = sql`(EXISTS (SELECT 1 FROM ${codes} WHERE id = ${claims.id} AND revoked = 1)
    OR EXISTS (SELECT 1 FROM ${orders} WHERE id = ${claims.order} AND status IN ('CANCELLED', 'REFUNDED')))`;
  const lost = sql`EXISTS (${mine}) AND NOT EXISTS (${won})`;
  expectCommand(s.ctx.writer, commandId, s.deviceId);
  expectCommand(s.ctx.writer, refuseId, s.deviceId);
  const args = {
    scanId: s.scanId,
    orderId: claims.order,
    items: d.plan.map(({ slot, quantity }) => ({ slot, quantity })),
  };
  const items = claims.items.map((i) => {
    const n = d.names.get(i.productId)!;
    return { productId: i.productId, name: n.name, quantity: i.quantity, unitMinor: n.price };
  });
  const currency = d.names.get(claims.items[0]!.productId)!.currency;
  const stmts: BatchItem<"sqlite">[] = [
    scanInsert(s, claims.id),
    db.run(sql`INSERT INTO ${redemptions} (code_id, order_id, device_id, scan_id, command_id, plan, at)
      SELECT ${claims.id}, ${claims.order}, ${s.deviceId}, ${s.scanId}, ${commandId}, ${JSON.stringify(d.plan)}, ${s.at}
      WHERE EXISTS (${mine}) AND NOT ${revoked} ON CONFLICT (code_id) DO NOTHING`),
  ];
  if (d.online) {
    // An online order the cloud sold: known here from its code, priced from this hub's products.
    const total = items.reduce((n, i) => n + i.quantity * i.unitMinor, 0);
    stmts.push(
      db.run(sql`INSERT INTO ${orders} (id, status, channel, payment, items, total_minor, currency, created_by, created_at, paid_at)
        SELECT ${claims.order}, 'PAID', 'ONLINE', 'ONLINE', ${JSON.stringify(items)}, ${total}, ${currency}, 'online', ${s.at}, ${s.at}
        WHERE EXISTS (${won}) ON CONFLICT (id) DO NOTHING`),
      ...claims.items.map((i) =>
        db.run(
          sql`UPDATE ${inv} SET reserved = reserved + ${i.quantity} WHERE product_id = ${i.productId} AND EXISTS (${won})`,
        ),
      ),
    );
  }
  stmts.push(
    commandInsert(s, commandId, "dispense", JSON.stringify(args), sql`EXISTS (${won})`),
    commandInsert(
      s,
      refuseId,
      "refuse",
      sql`json_object('scanId', ${s.scanId}, 'reason', CASE WHEN ${revoked} THEN 'REVOKED' ELSE 'SPENT' END)`,
      lost,
    ),
    eventStatement(
      db,
      buildEvent({
        type: "dispenser.qr.redeemed",
        data: {
          codeId: claims.id,
          orderId: claims.order,
          deviceId: s.deviceId,
          deviceName: s.deviceName,
          scanId: s.scanId,
          redeemedAt: iso(s.at),
        },
        source: s.ctx.source(),
        occurredAt: s.at,
      }),
      s.at,
      won,
    ),
    rejectedEvent(s, "SPENT", claims, sql`SELECT 1 WHERE ${lost} AND NOT ${revoked}`),
    rejectedEvent(s, "REVOKED", claims, sql`SELECT 1 WHERE ${lost} AND ${revoked}`),
    db.run(sql`UPDATE ${scans} SET outcome = CASE WHEN EXISTS (${won}) THEN 'REDEEMED'
        WHEN ${revoked} THEN 'REFUSED:REVOKED' ELSE 'REFUSED:SPENT' END
      WHERE device_id = ${s.deviceId} AND scan_id = ${s.scanId} AND outcome = ${s.mark}`),
  );
  return stmts;
}
