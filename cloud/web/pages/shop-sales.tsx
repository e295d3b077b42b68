/** The site's sales in the owner app (owner and maintainers): today, best sellers, trend by day, recent orders. */
import { hc } from "hono/client";
import { formatMoney, type Money } from "../../../shared/money/index.ts";
import { bodyOf } from "../../../shared/ui/api.ts";
import { Async, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { api, authedFetch } from "../api.ts";
import type { DispensingRoutes } from "../routes.ts";
import type { Site } from "../types.ts";

const client = hc<DispensingRoutes>(location.origin, { fetch: authedFetch }).v1.sites[":siteId"].dispensing;
const read = async <T,>(p: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await p);

/** Several currencies are listed side by side, never added up; nothing sold is a zero in no currency. */
const moneyText = (totals: Money[]) => (totals.length ? totals.map((t) => formatMoney(t)).join(" + ") : "—");

/** A day of the site (YYYY-MM-DD) as people read it; the date is already the site's, so no zone shift here. */
const dayText = (day: string) =>
  new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${day}T12:00:00Z`));

export const ORDER_STATUS_WORDS: Record<string, string> = {
  PENDING: "awaiting payment",
  PAID: "paid",
  COMPLETED: "handed over",
  CANCELLED: "cancelled",
  REFUNDED: "refunded",
};

export function ShopSales({ site }: { site: Site }) {
  const sales = useAsync(() => read(client.sales.$get({ param: { siteId: site.id } })), [site.id], 30_000);
  const hubs = useAsync(() => api.hubs(site.id), [site.id]);
  const where = (hubId: string | null) =>
    hubId === null ? "online" : (hubs.data.value?.find((h) => h.id === hubId)?.name ?? "a hub");
  return (
    <section aria-label="Sales">
      <h2>Sales</h2>
      <Async state={sales}>
        {(s) => {
          const peak = Math.max(1, ...s.trend.map((d) => d.orders));
          return (
            <>
              <p data-testid="sales-today">
                Today ({dayText(s.today.day)}):{" "}
                {s.today.orders === 0
                  ? "no sales yet"
                  : `${s.today.orders} ${s.today.orders === 1 ? "order" : "orders"}, ${moneyText(s.today.totals)}`}
              </p>
              <h3>Best sellers, last {s.trend.length} days</h3>
              <Table
                caption="Best sellers"
                rowKey={(b) => b.productId}
                rows={s.bestSellers}
                empty="Nothing sold in these days."
                columns={[
                  { label: "Product", cell: (b) => b.name },
                  { label: "Units", cell: (b) => b.quantity },
                  { label: "Takings", cell: (b) => moneyText(b.totals) },
                ]}
              />
              <h3>By day</h3>
              {/* One short line a day (newest first), so fourteen days fit a phone's screen. */}
              <ol aria-label="Sales by day" style="list-style:none;padding:0;margin:0">
                {[...s.trend].reverse().map((d) => (
                  <li
                    key={d.day}
                    style="display:grid;grid-template-columns:6.5em 4em 1fr;gap:.5em;align-items:center"
                  >
                    <span>{dayText(d.day)}</span>
                    <span aria-hidden="true">
                      <span
                        style={`display:block;height:.7em;background:currentColor;opacity:.35;width:${Math.round((d.orders / peak) * 100)}%`}
                      />
                    </span>
                    <span>
                      {d.orders} {d.orders === 1 ? "order" : "orders"}
                      {d.orders > 0 && `, ${moneyText(d.totals)}`}
                    </span>
                  </li>
                ))}
              </ol>
              <h3>Recent orders</h3>
              <Table
                caption="Recent orders"
                rowKey={(o) => o.id}
                rows={s.recent}
                empty="No orders yet."
                columns={[
                  { label: "When", cell: (o) => formatTime(o.createdAt, s.timeZone) },
                  { label: "Items", cell: (o) => o.items.map((i) => `${i.quantity} × ${i.name}`).join(", ") },
                  {
                    label: "Total",
                    cell: (o) => formatMoney({ amount: o.totalMinor, currency: o.currency }),
                  },
                  { label: "Where", cell: (o) => where(o.hubId) },
                  { label: "Status", cell: (o) => ORDER_STATUS_WORDS[o.status] ?? o.status.toLowerCase() },
                ]}
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}
