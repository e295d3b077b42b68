/** A provider's own bids, and its work orders with scheduling: crew and a visit slot in the site's time zone. */
import { useSignal } from "@preact/signals";
import { formatMoney } from "../../../shared/money/index.ts";
import { ActionButton, Async, Field, Form, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import {
  type MyProvider,
  marketplace,
  type ProviderBid,
  type ProviderWorkOrder,
  type Technician,
} from "../marketplace-api.ts";
import { instantIn } from "./bookings.tsx";
import { bidStatusText, orderStatusText, requestStatusText } from "./service.tsx";
import { Photos } from "./service-photos.tsx";

export function ProviderBids({ provider, version }: { provider: MyProvider; version: number }) {
  const bids = useAsync(() => marketplace.providerBids(provider.id), [provider.id, version]);
  return (
    <>
      <h3>Your bids</h3>
      <Async state={bids} what="Loading your bids">
        {(list) => (
          <Table<ProviderBid>
            caption="Your bids, newest first"
            rows={list}
            rowKey={(b) => b.id}
            empty="You have not bid yet."
            columns={[
              {
                label: "Request",
                cell: (b) =>
                  `${b.request.number}: ${b.request.title} (${requestStatusText(b.request.status).toLowerCase()})`,
              },
              { label: "Amount", cell: (b) => formatMoney(b) },
              { label: "Earliest visit", cell: (b) => formatTime(b.earliestAt, b.timeZone) },
              { label: "Status", cell: (b) => bidStatusText(b.status) },
            ]}
          />
        )}
      </Async>
    </>
  );
}

const isOpen = (o: ProviderWorkOrder) => o.status === "SCHEDULED" || o.status === "IN_PROGRESS";

export function ProviderOrders({ provider }: { provider: MyProvider }) {
  const orders = useAsync(() => marketplace.providerWorkOrders(provider.id), [provider.id]);
  const crew = useAsync(() => marketplace.technicians(provider.id), [provider.id]);
  const admin = provider.role === "ADMIN";
  return (
    <>
      <h3>Your work orders</h3>
      <Async state={orders} what="Loading work orders">
        {(list) => (
          <>
            <Table<ProviderWorkOrder>
              caption="Work orders"
              rows={list}
              rowKey={(o) => o.id}
              empty="No work orders yet."
              columns={[
                { label: "Number", cell: (o) => o.number },
                { label: "Title", cell: (o) => o.title },
                {
                  label: "Where",
                  cell: (o) =>
                    [o.siteName, o.unitName].filter(Boolean).join(", ") || "A site no longer listed",
                },
                { label: "Status", cell: (o) => orderStatusText(o.status) },
                {
                  label: "Amount",
                  cell: (o) => formatMoney({ amount: o.totalAmount ?? o.quotedAmount, currency: o.currency }),
                },
                {
                  label: "Visit",
                  cell: (o) =>
                    o.slotStart && o.slotEnd
                      ? `${formatTime(o.slotStart, o.timeZone)} to ${formatTime(o.slotEnd, o.timeZone)}`
                      : "No slot yet",
                },
                {
                  label: "Technicians",
                  cell: (o) =>
                    o.technicians.map((t) => t.name ?? "someone no longer listed").join(", ") || "None",
                },
              ]}
            />
            {list.filter(isOpen).map((o) => (
              <section key={o.id} aria-label={`Schedule ${o.number}`} class="card">
                <h4>
                  {o.number}: {o.title}
                </h4>
                {admin && (
                  <Async state={crew} what="Loading your crew">
                    {(techs) => <Schedule order={o} crew={techs} onDone={orders.reload} />}
                  </Async>
                )}
                {(o.status === "SCHEDULED" || o.status === "IN_PROGRESS") && <HubCode order={o} />}
                <Photos subject="work-orders" id={o.id} zone={o.timeZone} canAdd />
              </section>
            ))}
          </>
        )}
      </Async>
    </>
  );
}

/** The assigned technician's one-time code for the site's hub console (shown once; it works offline there). */
function HubCode({ order }: { order: ProviderWorkOrder }) {
  const issued = useSignal<{ code: string; expiresAt: string } | null>(null);
  if (issued.value)
    return (
      <p role="status">
        Hub code <strong data-testid="technician-code">{issued.value.code}</strong> until{" "}
        {formatTime(issued.value.expiresAt, order.timeZone)} (works at the site's hub after its next sync)
      </p>
    );
  return (
    <ActionButton
      label={`Hub code for ${order.number}`}
      onClick={async () => {
        issued.value = await marketplace.technicianCode(order.id);
      }}
    >
      Hub code
    </ActionButton>
  );
}

/** datetime-local's value for an instant as the site's clocks show it. */
function wallValue(ms: number | null, zone: string): string {
  if (ms === null) return "";
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(ms);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? "";
  return `${p("year")}-${p("month")}-${p("day")}T${p("hour")}:${p("minute")}`;
}

function Schedule({
  order,
  crew,
  onDone,
}: {
  order: ProviderWorkOrder;
  crew: Technician[];
  onDone: () => unknown;
}) {
  const chosen = useSignal(new Set(order.technicians.map((t) => t.userId)));
  const start = useSignal(wallValue(order.slotStart, order.timeZone));
  const end = useSignal(wallValue(order.slotEnd, order.timeZone));
  const done = useSignal("");
  return (
    <>
      <Form
        submit="Assign technicians"
        label={`Technicians for ${order.number}`}
        onSubmit={async () => {
          await marketplace.assign(order.id, [...chosen.value]);
          done.value = "Technicians assigned.";
          await onDone();
        }}
      >
        {crew.length === 0 ? (
          <p class="muted">Your crew is empty: add technicians to your organisation first.</p>
        ) : (
          <fieldset>
            <legend>Technicians</legend>
            {crew.map((t) => (
              <label key={t.userId} class="check">
                <input
                  type="checkbox"
                  checked={chosen.value.has(t.userId)}
                  onChange={(e) => {
                    const next = new Set(chosen.value);
                    if ((e.currentTarget as HTMLInputElement).checked) next.add(t.userId);
                    else next.delete(t.userId);
                    chosen.value = next;
                  }}
                />{" "}
                {t.name}
              </label>
            ))}
          </fieldset>
        )}
      </Form>
      <Form
        submit="Set the visit"
        label={`Visit slot for ${order.number}`}
        onSubmit={async () => {
          await marketplace.schedule(
            order.id,
            instantIn(start.value, order.timeZone),
            instantIn(end.value, order.timeZone),
          );
          done.value = "Visit scheduled.";
          await onDone();
        }}
      >
        <Field label={`Visit starts (${order.timeZone})`} value={start} type="datetime-local" required />
        <Field label={`Visit ends (${order.timeZone})`} value={end} type="datetime-local" required />
      </Form>
      {done.value && <p role="status">{done.value}</p>}
    </>
  );
}
