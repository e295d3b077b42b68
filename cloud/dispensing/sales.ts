/**
 * The site's sales across its hubs and online, from this module's projection of orders: today, best sellers,
 * trend by day and recent orders, with days in the site's time zone.
 */
import { and, desc, eq, gte } from "drizzle-orm";
import { instantOf, localTime } from "../../shared/clock/index.ts";
import type { Money } from "../../shared/money/index.ts";
import type { DispensingDeps } from "./orders.ts";
import * as schema from "./schema.ts";

/** A sale: paid, or paid and handed over. A refund or cancellation takes the order out of every figure. */
const SOLD = new Set(["PAID", "COMPLETED"]);
export const SALES_DAYS = 14;

type Row = typeof schema.orders.$inferSelect;
export interface DaySales {
  day: string;
  orders: number;
  totals: Money[];
}
export interface SiteSales {
  timeZone: string;
  today: DaySales;
  /** Units over the trend's days, most first (names as sold). */
  bestSellers: { productId: string; name: string; quantity: number; totals: Money[] }[];
  trend: DaySales[];
  recent: {
    id: string;
    status: Row["status"];
    channel: Row["channel"];
    hubId: string | null;
    items: Row["items"];
    totalMinor: number;
    currency: string;
    createdAt: number;
    paidAt: number | null;
  }[];
}

const ymd = (t: { year: number; month: number; day: number }) =>
  `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;

/** The `n` local days up to and including `now`'s, by calendar (a 23 h or 25 h day is still one day). */
function lastDays(now: number, zone: string, n: number): string[] {
  const t = localTime(now, zone);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(t.year, t.month - 1, t.day - (n - 1 - i)));
    return ymd({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  });
}

function totalsOf(list: readonly { currency: string; amount: number }[]): Money[] {
  const by = new Map<string, number>();
  for (const m of list) by.set(m.currency, (by.get(m.currency) ?? 0) + m.amount);
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));
}

export async function siteSales(deps: DispensingDeps, siteId: string, days = SALES_DAYS): Promise<SiteSales> {
  const timeZone = await deps.timeZone(siteId);
  const now = deps.clock.now();
  const window = lastDays(now, timeZone, days);
  const [y, m, d] = window[0]!.split("-").map(Number) as [number, number, number];
  const from = instantOf({ year: y, month: m, day: d, hour: 0, minute: 0 }, timeZone);
  // A sale counts on the day it was paid; an order is paid after it is made, so made since `from` covers it.
  const rows = await deps.db
    .select()
    .from(schema.orders)
    .where(and(eq(schema.orders.siteId, siteId), gte(schema.orders.createdAt, from)))
    .orderBy(desc(schema.orders.createdAt));
  const dayOf = (ms: number) => ymd(localTime(ms, timeZone));
  const sold = rows.filter((o) => SOLD.has(o.status) && (o.paidAt ?? o.createdAt) >= from);
  const byDay = new Map<string, Row[]>();
  for (const o of sold) {
    const k = dayOf(o.paidAt ?? o.createdAt);
    byDay.set(k, [...(byDay.get(k) ?? []), o]);
  }
  const daySales = (day: string): DaySales => {
    const list = byDay.get(day) ?? [];
    return {
      day,
      orders: list.length,
      totals: totalsOf(list.map((o) => ({ currency: o.currency, amount: o.totalMinor }))),
    };
  };
  const best = new Map<string, { productId: string; name: string; quantity: number; money: Money[] }>();
  for (const o of sold) {
    for (const i of o.items) {
      const b = best.get(i.productId) ?? { productId: i.productId, name: i.name, quantity: 0, money: [] };
      b.quantity += i.quantity;
      b.money.push({ currency: o.currency, amount: i.quantity * i.unitMinor });
      best.set(i.productId, b);
    }
  }
  return {
    timeZone,
    today: daySales(window.at(-1)!),
    bestSellers: [...best.values()]
      .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name))
      .slice(0, 5)
      .map(({ money, ...b }) => ({ ...b, totals: totalsOf(money) })),
    trend: window.map(daySales),
    recent: rows.slice(0, 10).map((o) => ({
      id: o.id,
      status: o.status,
      channel: o.channel,
      hubId: o.hubId,
      items: o.items,
      totalMinor: o.totalMinor,
      currency: o.currency,
      createdAt: o.createdAt,
      paidAt: o.paidAt,
    })),
  };
}
