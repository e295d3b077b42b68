/** Sales at this hub (works offline): today, best sellers, trend by day and recent orders, in the site's time zone. */
import { desc, gte } from "drizzle-orm";
import { type HubDb, dispensingOrders as orders } from "../db/index.ts";
import { siteTimeZone } from "../desired-state/index.ts";

const SOLD = ["PAID", "COMPLETED"] as const;
const DAY_MS = 86_400_000;

export async function salesReport(db: HubDb, now: number, days = 14) {
  const timeZone = await siteTimeZone(db);
  const dayOf = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const day = (ms: number) => dayOf.format(new Date(ms));
  // One day of margin: a day's start in the site's zone is up to 14 h from UTC midnight.
  const rows = await db
    .select()
    .from(orders)
    .where(gte(orders.createdAt, now - (days + 1) * DAY_MS))
    .orderBy(desc(orders.createdAt));
  const sold = rows.filter((o) => (SOLD as readonly string[]).includes(o.status));
  const today = day(now);
  const todays = sold.filter((o) => day(o.paidAt ?? o.createdAt) === today);
  const byCurrency = (list: typeof sold) => {
    const totals = new Map<string, number>();
    for (const o of list) totals.set(o.currency, (totals.get(o.currency) ?? 0) + o.totalMinor);
    return [...totals].map(([currency, amount]) => ({ currency, amount }));
  };
  const trend: { day: string; orders: number; totals: { currency: string; amount: number }[] }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = day(now - i * DAY_MS);
    if (trend.at(-1)?.day === d) continue;
    const list = sold.filter((o) => day(o.paidAt ?? o.createdAt) === d);
    trend.push({ day: d, orders: list.length, totals: byCurrency(list) });
  }
  const best = new Map<string, { productId: string; name: string; quantity: number }>();
  for (const o of sold) {
    for (const i of o.items) {
      const b = best.get(i.productId) ?? { productId: i.productId, name: i.name, quantity: 0 };
      b.quantity += i.quantity;
      best.set(i.productId, b);
    }
  }
  return {
    timeZone,
    today: { day: today, orders: todays.length, totals: byCurrency(todays) },
    bestSellers: [...best.values()].sort((a, b) => b.quantity - a.quantity).slice(0, 5),
    trend,
    recent: rows.slice(0, 10).map((o) => ({
      id: o.id,
      status: o.status,
      channel: o.channel,
      totalMinor: o.totalMinor,
      currency: o.currency,
      items: o.items,
      flag: o.flag,
      createdAt: o.createdAt,
    })),
  };
}
