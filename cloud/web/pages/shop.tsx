/**
 * The site's shop in the owner app: catalog and prices, buying online (paid on Stripe's hosted Checkout through
 * billing, then the QR code on the phone once the payment is confirmed), orders, stock, and sales for staff.
 */
import { useSignal } from "@preact/signals";
import { hc } from "hono/client";
import { useEffect } from "preact/hooks";
import { renderSVG } from "uqr";
import { formatMoney } from "../../../shared/money/index.ts";
import { isStaff } from "../../../shared/roles/index.ts";
import { bodyOf } from "../../../shared/ui/api.ts";
import { ActionButton, Async, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { queryParam } from "../../../shared/ui/router.tsx";
import { authedFetch } from "../api.ts";
import type { DispensingRoutes } from "../routes.ts";
import type { Site } from "../types.ts";
import { ORDER_STATUS_WORDS, ShopSales } from "./shop-sales.tsx";
import { zoneOf } from "./site.tsx";

const client = hc<DispensingRoutes>(location.origin, { fetch: authedFetch }).v1.sites[":siteId"].dispensing;
const read = async <T,>(p: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await p);
const money = (amount: number, currency: string) => formatMoney({ amount, currency });
/** After Checkout the order is asked again this often until billing's webhook has made it paid. */
const PAID_POLL_MS = 1000;

/** The JSON answer of a call the typed client has no body type for (the route reads its body itself). */
async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await authedFetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return bodyOf<T>(res);
}

/** Buys one of a product: the order is priced by the cloud, then paid on Stripe's page, which sends the buyer back here. */
async function buy(siteId: string, productId: string) {
  const order = await postJson<{ id: string }>(client.orders.$url({ param: { siteId } }).href, {
    items: [{ productId, quantity: 1 }],
  });
  const { url } = await postJson<{ url: string }>(`${location.origin}/v1/billing/payments/checkout`, {
    payable: { kind: "DISPENSING_ORDER", id: order.id },
    returnTo: `/sites/${siteId}/shop?order=${order.id}`,
  });
  location.assign(url);
}

function QrCode({ token }: { token: string }) {
  return (
    <section aria-label="QR code">
      <h2>Hold this to the dispenser</h2>
      <div
        role="img"
        aria-label="QR code for this order"
        style="width:min(92vw,420px);background:#fff"
        dangerouslySetInnerHTML={{
          __html: renderSVG(token, { ecc: "L", border: 2 }).replace(
            "<svg ",
            '<svg style="width:100%;height:auto" ',
          ),
        }}
      />
      <p>Valid for 15 minutes, once.</p>
    </section>
  );
}

/** Back from Checkout: the order, asked again until the webhook has made it paid and its code is signed. */
function Returned({
  siteId,
  orderId,
  outcome,
  onReady,
}: {
  siteId: string;
  orderId: string;
  outcome: string | null;
  /** The code is signed: the page's order list is stale by then. */
  onReady: () => void;
}) {
  const order = useAsync(
    () => read(client.orders[":orderId"].$get({ param: { siteId, orderId } })),
    [orderId],
  );
  const o = order.data.value;
  const ready = !!o?.token && o.status === "PAID";
  useEffect(() => {
    if (outcome !== "success" || ready || o?.status === "REFUNDED" || o?.status === "COMPLETED") return;
    const timer = setInterval(() => void order.reload(), PAID_POLL_MS);
    return () => clearInterval(timer);
  }, [outcome, ready, o?.status]);
  useEffect(() => {
    if (ready) onReady();
  }, [ready]);
  if (outcome === "cancel")
    return (
      <p class="banner warn" role="status">
        Payment cancelled — nothing was charged.
      </p>
    );
  if (ready) return <QrCode token={o.token!} />;
  return (
    <p class="banner ok" role="status" aria-live="polite">
      {o && o.status !== "PENDING"
        ? `This order is ${ORDER_STATUS_WORDS[o.status] ?? o.status.toLowerCase()}.`
        : "Payment received — your code appears in a moment."}
    </p>
  );
}

export function Shop({ site }: { site: Site }) {
  const param = { siteId: site.id };
  const products = useAsync(async () => (await read(client.products.$get({ param }))).products, [site.id]);
  const orders = useAsync(async () => (await read(client.orders.$get({ param }))).orders, [site.id], 3000);
  const stock = useAsync(async () => (await read(client.stock.$get({ param }))).stock, [site.id], 10_000);
  const shown = useSignal<string | null>(null);
  const zone = zoneOf(site);
  const returnedOrder = queryParam("order");
  return (
    <>
      <PageTitle>Shop</PageTitle>
      {returnedOrder && !shown.value && (
        <Returned
          siteId={site.id}
          orderId={returnedOrder}
          outcome={queryParam("checkout")}
          onReady={() => void orders.reload()}
        />
      )}
      {shown.value && <QrCode token={shown.value} />}
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
                    <ActionButton label={`Buy one ${p.name}`} onClick={() => buy(site.id, p.id)}>
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
                    `${ORDER_STATUS_WORDS[o.status] ?? o.status.toLowerCase()}${o.flag ? ` — ${o.flag}` : ""}`
                  ),
              },
            ]}
          />
        )}
      </Async>
      {isStaff(site.role) && <ShopSales site={site} />}
    </>
  );
}
