/** One service request: its bids with Accept, then the work order it became (items, totals, pay, feedback). */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatMoney } from "../../../shared/money/index.ts";
import {
  ActionButton,
  Async,
  Field,
  Form,
  PageTitle,
  Select,
  Table,
  useAsync,
} from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { Link } from "../../../shared/ui/router.tsx";
import { session } from "../api.ts";
import { type Bid, marketplace, type ServiceRequest, type WorkOrder } from "../marketplace-api.ts";
import type { Site } from "../types.ts";
import {
  bidStatusText,
  orderStatusText,
  priorityText,
  requestStatusText,
  serviceTypeText,
  useUnitNames,
} from "./service.tsx";
import { Photos } from "./service-photos.tsx";
import { zoneOf } from "./site.tsx";

export function ServiceRequestPage({ site, requestId }: { site: Site; requestId: string }) {
  const request = useAsync(() => marketplace.request(requestId), [requestId]);
  const unitName = useUnitNames(site.id);
  const zone = zoneOf(site);
  return (
    <Async state={request} what="Loading the request">
      {(r) => (
        <>
          <PageTitle>{`Request ${r.number}: ${r.title}`}</PageTitle>
          <p>
            <Link href={`/sites/${site.id}/service`}>All service requests</Link>
          </p>
          <dl class="facts">
            <dt>Unit</dt>
            <dd>{unitName(r.equipmentId)}</dd>
            <dt>Status</dt>
            <dd data-testid="request-status">{requestStatusText(r.status)}</dd>
            <dt>Kind of work</dt>
            <dd>{serviceTypeText(r.serviceType)}</dd>
            <dt>Priority</dt>
            <dd>{priorityText(r.priority)}</dd>
            <dt>Opened</dt>
            <dd>
              {formatTime(r.createdAt, zone)}
              {r.origin === "ALARM"
                ? " (opened by itself from an alarm)"
                : r.origin === "COMPRESSOR"
                  ? " (opened by itself: the hub saw the compressor failing)"
                  : ""}
            </dd>
          </dl>
          {r.description && <p class="prose">{r.description}</p>}
          <Photos subject="requests" id={r.id} zone={zone} canAdd={site.role !== "GUEST"} />
          {r.status === "PENDING" ? (
            <Bids site={site} request={r} onAccepted={request.reload} />
          ) : r.status === "CANCELLED" ? (
            <p>This request was cancelled.</p>
          ) : (
            <OrderOf site={site} request={r} />
          )}
        </>
      )}
    </Async>
  );
}

function Bids({
  site,
  request,
  onAccepted,
}: {
  site: Site;
  request: ServiceRequest;
  onAccepted: () => unknown;
}) {
  // Bids arrive while the owner watches: ask again every 10 s.
  const bids = useAsync(() => marketplace.bids(request.id), [request.id], 10_000);
  const zone = zoneOf(site);
  const staff = site.role === "OWNER" || site.role === "MAINTAINER";
  return (
    <>
      <h2>Bids</h2>
      <Async state={bids} what="Loading bids">
        {(list) => (
          <Table<Bid>
            caption="Bids on this request"
            rows={list}
            rowKey={(b) => b.id}
            empty="No bids yet. Providers within reach have been told; bids show here as they arrive."
            columns={[
              { label: "Provider", cell: (b) => b.providerName },
              { label: "Amount", cell: (b) => formatMoney(b) },
              { label: "Earliest", cell: (b) => formatTime(b.earliestAt, zone) },
              { label: "Message", cell: (b) => b.message || "—" },
              { label: "Status", cell: (b) => bidStatusText(b.status) },
              {
                label: "",
                cell: (b) =>
                  staff && b.status === "PENDING" ? (
                    <ActionButton
                      label={`Accept the bid of ${b.providerName}`}
                      onClick={async () => {
                        await marketplace.accept(b.id);
                        await onAccepted();
                      }}
                    >
                      Accept
                    </ActionButton>
                  ) : null,
              },
            ]}
          />
        )}
      </Async>
      {staff && (
        <ActionButton
          class="secondary"
          onClick={async () => {
            await marketplace.cancelRequest(request.id);
            await onAccepted();
          }}
        >
          Cancel this request
        </ActionButton>
      )}
    </>
  );
}

/** The work order made when a bid was accepted (found among the site's orders by its request). */
function OrderOf({ site, request }: { site: Site; request: ServiceRequest }) {
  const orders = useAsync(() => marketplace.siteWorkOrders(site.id), [site.id, request.id]);
  return (
    <Async state={orders} what="Loading the work order">
      {(list) => {
        const order = list.find((o) => o.requestId === request.id);
        return order ? (
          <WorkOrderPanel site={site} workOrderId={order.id} />
        ) : (
          <p>No work order was made for this request.</p>
        );
      }}
    </Async>
  );
}

function WorkOrderPanel({ site, workOrderId }: { site: Site; workOrderId: string }) {
  const paying = useSignal(false);
  // While a payment is being confirmed (billing's webhook), ask again until the order says Paid.
  const order = useAsync(() => marketplace.workOrder(workOrderId), [workOrderId]);
  const paid = order.data.value?.status === "PAID";
  useEffect(() => {
    if (!paying.value || paid) return;
    const t = setInterval(order.reload, 3000);
    return () => clearInterval(t);
  }, [paying.value, paid]);
  const zone = zoneOf(site);
  return (
    <Async state={order} what="Loading the work order">
      {(o) => (
        <section aria-label="Work order">
          <h2>Work order {o.number}</h2>
          <dl class="facts">
            <dt>Status</dt>
            <dd data-testid="order-status">{orderStatusText(o.status)}</dd>
            <dt>Provider</dt>
            <dd>{o.providerName ?? "A provider no longer listed"}</dd>
            <dt>Quoted</dt>
            <dd>{formatMoney({ amount: o.quotedAmount, currency: o.currency })}</dd>
            <dt>Visit</dt>
            <dd>
              {o.slotStart
                ? `${formatTime(o.slotStart, zone)} to ${formatTime(o.slotEnd, zone)}`
                : "Not scheduled yet"}
            </dd>
            <dt>Technicians</dt>
            <dd>
              {o.technicians.length ? o.technicians.map((t) => t.name).join(", ") : "None assigned yet"}
            </dd>
            {o.completedAt && (
              <>
                <dt>Completed</dt>
                <dd>{formatTime(o.completedAt, zone)}</dd>
              </>
            )}
          </dl>
          {o.resolution && <p class="prose">{o.resolution}</p>}
          <Photos subject="work-orders" id={o.id} zone={zone} canAdd={site.role !== "GUEST"} />
          <Items order={o} />
          {o.status === "COMPLETED" && o.payerId === session.value?.user.id && !paying.value && (
            <ActionButton
              label={`Pay work order ${o.number}`}
              onClick={async () => {
                await marketplace.pay(o.id);
                paying.value = true;
              }}
            >
              Pay {formatMoney({ amount: o.totalAmount || o.quotedAmount, currency: o.currency })}
            </ActionButton>
          )}
          {paying.value && !paid && (
            <p role="status">Payment started: the order turns Paid when the payment is confirmed.</p>
          )}
          {o.status === "COMPLETED" && o.payerId !== session.value?.user.id && (
            <p class="muted">The site's owner who set its service location pays this order.</p>
          )}
          <Feedback order={o} onSent={order.reload} />
        </section>
      )}
    </Async>
  );
}

function Items({ order }: { order: WorkOrder }) {
  const money = (amount: number) => formatMoney({ amount, currency: order.currency });
  if (order.status !== "COMPLETED" && order.status !== "PAID" && order.items.length === 0) return null;
  return (
    <>
      <h3>Parts and labour</h3>
      <Table
        caption="Parts and labour"
        rows={order.items}
        rowKey={(i) => i.id}
        empty="No parts or labour recorded: the quoted amount applies."
        columns={[
          { label: "What", cell: (i) => i.description },
          { label: "Kind", cell: (i) => (i.kind === "PART" ? "Part" : "Labour") },
          { label: "Quantity", cell: (i) => String(i.quantity) },
          { label: "Unit price", cell: (i) => money(i.unitPrice) },
          { label: "Total", cell: (i) => money(i.total) },
        ]}
      />
      {order.totalAmount !== null && (
        <p>
          <strong>Total: {money(order.totalAmount)}</strong>
        </p>
      )}
    </>
  );
}

/** The payer rates the work once it is completed; after that the rating given is shown. */
function Feedback({ order, onSent }: { order: WorkOrder; onSent: () => unknown }) {
  const rating = useSignal("5");
  const comment = useSignal("");
  if (order.feedbackAt)
    return (
      <p>
        Your rating: {order.feedbackRating} of 5{order.feedbackComment ? ` — “${order.feedbackComment}”` : ""}
      </p>
    );
  if (order.status !== "COMPLETED" && order.status !== "PAID") return null;
  if (order.payerId !== session.value?.user.id) return null;
  return (
    <>
      <h3>How was the work?</h3>
      <Form
        submit="Send rating"
        label="Rate the work"
        onSubmit={async () => {
          await marketplace.feedback(order.id, Number(rating.value), comment.value);
          await onSent();
        }}
      >
        <Select
          label="Rating"
          value={rating}
          options={["5", "4", "3", "2", "1"].map((v) => ({ value: v, label: `${v} of 5` }))}
        />
        <Field label="Comment" value={comment} maxLength={2000} />
      </Form>
    </>
  );
}
