/** The site's shop in the owner app: catalog and prices, buying online with the QR code on the phone, orders, stock. */
import { useSignal } from "@preact/signals";
import { hc } from "hono/client";
import { renderSVG } from "uqr";
import { formatMoney } from "../../../shared/money/index.ts";
import { bodyOf } from "../../../shared/ui/api.ts";
import { ActionButton, Async, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { authedFetch } from "../api.ts";
import type { DispensingRoutes } from "../routes.ts";
import type { Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

const client = hc<DispensingRoutes>(location.origin, { fetch: authedFetch }).v1.sites[":siteId"].dispensing;
const read = async <T,>(p: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await p);
const money = (amount: number, currency: string) => formatMoney({ amount, currency });

export function Shop({ site }: { site: Site }) {
  const param = { siteId: site.id };
  const products = useAsync(async () => (await read(client.products.$get({ param }))).products, [site.id]);
  const orders = useAsync(async () => (await read(client.orders.$get({ param }))).orders, [site.id], 3000);
  const stock = useAsync(async () => (await read(client.stock.$get({ param }))).stock, [site.id], 10_000);
  const shown = useSignal<string | null>(null);
  const zone = zoneOf(site);
  return (
    <>
      <PageTitle>Shop</PageTitle>
      <h2>Catalog</h2>
      <Async state={products}>
        {(list) => (
          <Table
            caption="Catalog and prices"
            rowKey={(p) => p.id}
            rows={list}
            empty="No products yet."
            columns={[
              { label: "Product", cell: (p) => p.name },
              { label: "Price", cell: (p) => money(p.priceMinor, p.currency) },
              {
                label: "On hand",
                cell: (p) => {
                  const rows = (stock.data.value ?? []).filter((s) => s.productId === p.id);
                  return rows.length ? rows.reduce((n, s) => n + s.onHand, 0) : "—";
                },
              },
              {
                label: "Buy",
                cell: (p) =>
                  p.dispensable && p.available ? (
                    <ActionButton
                      label={`Buy one ${p.name}`}
                      onClick={async () => {
                        // The route reads its body itself (readJson), so the typed client has no body type for it.
                        await authedFetch(client.orders.$url({ param }).href, {
                          method: "POST",
                          headers: { "content-type": "application/json" },
                          body: JSON.stringify({ items: [{ productId: p.id, quantity: 1 }] }),
                        });
                        await orders.reload();
                      }}
                    >
                      Buy one
                    </ActionButton>
                  ) : (
                    "at the counter"
                  ),
              },
            ]}
          />
        )}
      </Async>
      <h2>Orders</h2>
      <Async state={orders}>
        {(list) => (
          <Table
            caption="Orders"
            rowKey={(o) => o.id}
            rows={list}
            columns={[
              { label: "When", cell: (o) => formatTime(o.createdAt, zone) },
              { label: "Items", cell: (o) => o.items.map((i) => `${i.quantity} × ${i.name}`).join(", ") },
              { label: "Total", cell: (o) => money(o.totalMinor, o.currency) },
              { label: "Where", cell: (o) => (o.channel === "ONLINE" ? "online" : "at a hub") },
              {
                label: "Status",
                cell: (o) =>
                  o.token && o.status === "PAID" ? (
                    <button type="button" onClick={() => (shown.value = o.token)}>
                      Show QR code
                    </button>
                  ) : (
                    o.status.toLowerCase()
                  ),
              },
            ]}
          />
        )}
      </Async>
      {shown.value && (
        <section aria-label="QR code">
          <h2>Hold this to the dispenser</h2>
          <div
            role="img"
            aria-label="QR code for this order"
            style="width:min(92vw,420px);background:#fff"
            dangerouslySetInnerHTML={{
              __html: renderSVG(shown.value, { ecc: "L", border: 2 }).replace(
                "<svg ",
                '<svg style="width:100%;height:auto" ',
              ),
            }}
          />
        </section>
      )}
    </>
  );
}
