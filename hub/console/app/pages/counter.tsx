/** The point of sale: products, a cart, cash or card, and the order's QR code big enough to scan from a phone. */
import { useSignal } from "@preact/signals";
import { renderSVG } from "uqr";
import { formatMoney } from "../../../../shared/money/index.ts";
import {
  ActionButton,
  Async,
  ErrorNote,
  PageTitle,
  Table,
  useAsync,
} from "../../../../shared/ui/components.tsx";
import { formatTime } from "../../../../shared/ui/format.ts";
import { Link } from "../../../../shared/ui/router.tsx";
import { counter, type Product } from "../dispensing-api.ts";

type Line = { product: Product; quantity: number };
type Sold = { orderId: string; token: string | null; expiresAt: number | null; total: string };

const money = (amount: number, currency: string) => formatMoney({ amount, currency });

export function Counter() {
  const products = useAsync(counter.products, [], 10_000);
  const cart = useSignal<Line[]>([]);
  const sold = useSignal<Sold | null>(null);
  const error = useSignal<unknown>(null);
  const add = (product: Product) => {
    const line = cart.value.find((l) => l.product.id === product.id);
    cart.value = line
      ? cart.value.map((l) => (l === line ? { ...l, quantity: l.quantity + 1 } : l))
      : [...cart.value, { product, quantity: 1 }];
    sold.value = null;
  };
  const currency = cart.value[0]?.product.currency;
  const total = cart.value.reduce((n, l) => n + l.quantity * l.product.priceMinor, 0);
  const pay = async (payment: "CASH" | "CARD") => {
    error.value = null;
    const order = await counter.order(
      cart.value.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
    );
    const paid = await counter.pay(order.id, payment);
    sold.value = {
      orderId: order.id,
      token: paid.code?.token ?? null,
      expiresAt: paid.code?.expiresAt ?? null,
      total: money(order.totalMinor, order.currency),
    };
    cart.value = [];
    await products.reload();
  };
  return (
    <>
      <PageTitle>Counter</PageTitle>
      <p>
        <Link href="/counter/stock">Stock</Link> · <Link href="/counter/sales">Sales</Link>
      </p>
      <Async state={products}>
        {(list) => (
          <div class="pos">
            <section aria-label="Products">
              <ul class="product-grid">
                {list
                  .filter((p) => p.available)
                  .map((p) => (
                    <li key={p.id}>
                      <button type="button" disabled={p.onHand - p.reserved <= 0} onClick={() => add(p)}>
                        <strong>{p.name}</strong> {money(p.priceMinor, p.currency)}
                        <small> · {p.onHand - p.reserved} left</small>
                      </button>
                    </li>
                  ))}
              </ul>
            </section>
            <section aria-label="Cart">
              <h2>Cart</h2>
              {cart.value.length === 0 ? (
                <p class="muted">Empty: choose products.</p>
              ) : (
                <>
                  <ul>
                    {cart.value.map((l) => (
                      <li key={l.product.id}>
                        {l.quantity} × {l.product.name} —{" "}
                        {money(l.quantity * l.product.priceMinor, l.product.currency)}
                      </li>
                    ))}
                  </ul>
                  <p>
                    Total <strong data-testid="cart-total">{currency && money(total, currency)}</strong>
                  </p>
                  <ActionButton onClick={() => pay("CASH")}>Paid in cash</ActionButton>{" "}
                  <ActionButton onClick={() => pay("CARD")}>Paid by card</ActionButton>{" "}
                  <button type="button" onClick={() => (cart.value = [])}>
                    Clear
                  </button>
                </>
              )}
              <ErrorNote error={error.value} />
            </section>
          </div>
        )}
      </Async>
      {sold.value && <Receipt sold={sold.value} />}
    </>
  );
}

/** The paid order's QR code, drawn here (no network): hold a phone photo of it, or the screen, to the dispenser. */
function Receipt({ sold }: { sold: Sold }) {
  // Times shown in the site's zone (the hub knows it from the cloud; UTC until then).
  const zone = useAsync(async () => (await counter.sales()).timeZone, []);
  if (!sold.token) return <p role="status">Paid {sold.total}: hand the items over at the counter.</p>;
  // Scaled to the box (the SVG comes with a fixed pixel size): big enough to scan from a phone's photo.
  const svg = renderSVG(sold.token, { ecc: "L", border: 2 }).replace(
    "<svg ",
    '<svg style="width:100%;height:auto" ',
  );

  return (
    <section aria-label="QR code" class="receipt">
      <h2>Scan at a dispenser</h2>
      <div
        class="qr"
        role="img"
        aria-label="QR code for this order"
        data-token={sold.token}
        style="width:min(90vw,420px);background:#fff"
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <p role="status">
        Paid {sold.total}. Valid until {zone.data.value ? formatTime(sold.expiresAt, zone.data.value) : "…"},
        once.
      </p>
    </section>
  );
}

/** Stock per product, restocking into a dispenser's slot, and each dispenser's slots and presence. */
export function Stock() {
  const products = useAsync(counter.products, [], 10_000);
  const dispensers = useAsync(counter.dispensers, [], 5000);
  return (
    <>
      <PageTitle>Stock</PageTitle>
      <Async state={products}>
        {(list) => (
          <Table
            caption="Stock per product"
            rowKey={(p) => p.id}
            rows={list}
            columns={[
              { label: "Product", cell: (p) => p.name },
              { label: "Price", cell: (p) => money(p.priceMinor, p.currency) },
              { label: "On hand", cell: (p) => `${p.onHand}${p.low ? " (low)" : ""}` },
              { label: "Held for orders", cell: (p) => p.reserved },
              { label: "Kind", cell: (p) => (p.dispensable ? "dispenser" : "counter") },
              {
                label: "Restock",
                cell: (p) =>
                  p.dispensable ? (
                    "into a slot, below"
                  ) : (
                    <ActionButton
                      onClick={() => counter.restock({ productId: p.id, delta: 10 }).then(products.reload)}
                    >
                      +10
                    </ActionButton>
                  ),
              },
            ]}
          />
        )}
      </Async>
      <h2>Dispensers</h2>
      <Async state={dispensers}>
        {(list) => (
          <Table
            caption="Dispenser slots"
            rowKey={(r) => `${r.deviceId}:${r.slot}`}
            rows={list.flatMap((d) => d.slots.map((s) => ({ ...s, dispenser: d.name, status: d.status })))}
            empty="No dispensers paired."
            columns={[
              { label: "Dispenser", cell: (r) => `${r.dispenser} (${r.status.toLowerCase()})` },
              { label: "Slot", cell: (r) => r.slot },
              { label: "Product", cell: (r) => r.productName },
              { label: "Items", cell: (r) => `${r.count} of ${r.capacity}` },
              {
                label: "Restock",
                cell: (r) => (
                  <ActionButton
                    label={`Fill slot ${r.slot} of ${r.dispenser}`}
                    onClick={async () => {
                      if (r.count >= r.capacity) return;
                      await counter.restock({
                        productId: r.productId,
                        delta: r.capacity - r.count,
                        deviceId: r.deviceId,
                        slot: r.slot,
                      });
                      await Promise.all([dispensers.reload(), products.reload()]);
                    }}
                  >
                    Fill
                  </ActionButton>
                ),
              },
            ]}
          />
        )}
      </Async>
    </>
  );
}

/** Sales at this hub, offline too: today, best sellers, the last two weeks, recent orders. */
export function Sales() {
  const report = useAsync(counter.sales, [], 10_000);
  return (
    <>
      <PageTitle>Sales</PageTitle>
      <Async state={report}>
        {(r) => (
          <>
            <p>
              Today: {r.today.orders} orders
              {r.today.totals.map((t) => `, ${money(t.amount, t.currency)}`).join("")}
            </p>
            <h2>Best sellers</h2>
            <ol>
              {r.bestSellers.map((b) => (
                <li key={b.productId}>
                  {b.name}: {b.quantity}
                </li>
              ))}
            </ol>
            <Table
              caption="Sales by day"
              rowKey={(d) => d.day}
              rows={r.trend}
              columns={[
                { label: "Day", cell: (d) => d.day },
                { label: "Orders", cell: (d) => d.orders },
                {
                  label: "Sales",
                  cell: (d) => d.totals.map((t) => money(t.amount, t.currency)).join(", ") || "—",
                },
              ]}
            />
            <h2>Recent orders</h2>
            <Table
              caption="Recent orders"
              rowKey={(o) => o.id}
              rows={r.recent}
              columns={[
                { label: "When", cell: (o) => formatTime(o.createdAt, r.timeZone) },
                { label: "Items", cell: (o) => o.items.map((i) => `${i.quantity} × ${i.name}`).join(", ") },
                { label: "Total", cell: (o) => money(o.totalMinor, o.currency) },
                { label: "Status", cell: (o) => `${o.status.toLowerCase()}${o.flag ? ` — ${o.flag}` : ""}` },
              ]}
            />
          </>
        )}
      </Async>
    </>
  );
}
