/** A service provider's page: requests in reach (inbox) with a bid form, its own open bids, its work orders. */
import { useSignal } from "@preact/signals";
import { formatMoney, minorUnitDigits } from "../../../shared/money/index.ts";
import {
  ActionButton,
  Async,
  Empty,
  Field,
  Form,
  PageTitle,
  Table,
  useAsync,
} from "../../../shared/ui/components.tsx";
import { formatTime, localZone, words } from "../../../shared/ui/format.ts";
import { type InboxRequest, type MyProvider, marketplace, type WorkOrderRow } from "../marketplace-api.ts";
import {
  bidStatusText,
  orderStatusText,
  priorityText,
  requestStatusText,
  serviceTypeText,
} from "./service.tsx";

export function ProviderPage() {
  const mine = useAsync(marketplace.myProviders);
  return (
    <>
      <PageTitle>Service provider</PageTitle>
      <Async state={mine} what="Loading your provider organisations">
        {(list) =>
          list.length === 0 ? (
            <Empty>
              You belong to no service provider. A provider signs up through the marketplace API; its admin
              then adds you to the crew.
            </Empty>
          ) : (
            list.map((p) => <ProviderSections key={p.id} provider={p} />)
          )
        }
      </Async>
    </>
  );
}

function ProviderSections({ provider }: { provider: MyProvider }) {
  const version = useSignal(0);
  return (
    <section aria-label={provider.name}>
      <h2>{provider.name}</h2>
      <p class="muted">
        {provider.serviceTypes.map(serviceTypeText).join(", ")} · within {provider.radiusKm} km ·{" "}
        {provider.rating === null
          ? "no ratings yet"
          : `rated ${provider.rating.toFixed(1)} of 5 by ${provider.ratings}`}{" "}
        · {provider.completedJobs} jobs completed · you are {words(provider.role)}
      </p>
      <Inbox provider={provider} version={version.value} onBid={() => (version.value += 1)} />
      <Orders provider={provider} />
    </section>
  );
}

/** Times here are the browser's own: a provider does not know each site's zone in advance. */
const zone = localZone();

function Inbox({
  provider,
  version,
  onBid,
}: {
  provider: MyProvider;
  version: number;
  onBid: () => unknown;
}) {
  const inbox = useAsync(async () => {
    const requests = await marketplace.inbox(provider.id);
    // A provider reads only its own bids; there is no list across requests, so ask per request in reach.
    const bids = await Promise.all(requests.map((r) => marketplace.bids(r.id)));
    return { requests, bids: bids.flat() };
  }, [provider.id, version]);
  const admin = provider.role === "ADMIN";
  return (
    <Async state={inbox} what="Loading requests in reach">
      {({ requests, bids }) => (
        <>
          <h3>Open requests in reach</h3>
          <Table<InboxRequest>
            caption="Open requests in reach, nearest first"
            rows={requests}
            rowKey={(r) => r.id}
            empty="No open requests within reach for your kinds of work."
            columns={[
              { label: "Number", cell: (r) => r.number },
              { label: "Title", cell: (r) => r.title },
              { label: "Kind of work", cell: (r) => serviceTypeText(r.serviceType) },
              { label: "Priority", cell: (r) => priorityText(r.priority) },
              { label: "Distance", cell: (r) => `${r.distanceKm} km` },
              { label: "Opened", cell: (r) => formatTime(r.createdAt, zone) },
              {
                label: "Your bid",
                cell: (r) => {
                  const open = bids.find((b) => b.requestId === r.id && b.status === "PENDING");
                  if (open) return `${formatMoney(open)} (open)`;
                  return admin ? <BidForm provider={provider} request={r} onBid={onBid} /> : "—";
                },
              },
            ]}
          />
          <h3>Your open bids</h3>
          <Table
            caption="Your bids on requests still open"
            rows={bids}
            rowKey={(b) => b.id}
            empty="No bids on the requests still open."
            columns={[
              {
                label: "Request",
                cell: (b) => {
                  const r = requests.find((x) => x.id === b.requestId);
                  return r ? `${r.number}: ${r.title} (${requestStatusText(r.status)})` : "—";
                },
              },
              { label: "Amount", cell: (b) => formatMoney(b) },
              { label: "Earliest", cell: (b) => formatTime(b.earliestAt, zone) },
              { label: "Status", cell: (b) => bidStatusText(b.status) },
            ]}
          />
        </>
      )}
    </Async>
  );
}

function BidForm({
  provider,
  request,
  onBid,
}: {
  provider: MyProvider;
  request: InboxRequest;
  onBid: () => unknown;
}) {
  const amount = useSignal("");
  const earliest = useSignal("");
  const message = useSignal("");
  const currency = "eur";
  return (
    <Form
      submit="Place bid"
      label={`Bid on ${request.number}`}
      onSubmit={async () => {
        const minor = Math.round(Number(amount.value.replace(",", ".")) * 10 ** minorUnitDigits(currency));
        await marketplace.placeBid(request.id, {
          providerId: provider.id,
          amount: minor,
          currency,
          message: message.value,
          // A datetime-local value is read in the browser's zone.
          earliestAt: new Date(earliest.value).toISOString(),
        });
        await onBid();
      }}
    >
      <Field label="Amount (EUR)" value={amount} required inputMode="text" placeholder="120.00" />
      <Field label="Earliest visit" value={earliest} type="datetime-local" required />
      <Field label="Message" value={message} maxLength={2000} />
    </Form>
  );
}

function Orders({ provider }: { provider: MyProvider }) {
  const orders = useAsync(() => marketplace.providerWorkOrders(provider.id), [provider.id]);
  return (
    <>
      <h3>Your work orders</h3>
      <Async state={orders} what="Loading work orders">
        {(list) => (
          <Table<WorkOrderRow>
            caption="Work orders"
            rows={list}
            rowKey={(o) => o.id}
            empty="No work orders yet."
            columns={[
              { label: "Number", cell: (o) => o.number },
              { label: "Title", cell: (o) => o.title },
              { label: "Status", cell: (o) => orderStatusText(o.status) },
              {
                label: "Amount",
                cell: (o) => formatMoney({ amount: o.totalAmount || o.quotedAmount, currency: o.currency }),
              },
              {
                label: "Visit",
                cell: (o) => (o.slotStart ? formatTime(o.slotStart, zone) : "No slot yet"),
              },
              { label: "Created", cell: (o) => formatTime(o.createdAt, zone) },
              {
                label: "Hub code",
                cell: (o) =>
                  o.status === "SCHEDULED" || o.status === "IN_PROGRESS" ? <HubCode order={o} /> : "",
              },
            ]}
          />
        )}
      </Async>
    </>
  );
}

/** The assigned technician's one-time code for the site's hub console (shown once; it works offline there). */
function HubCode({ order }: { order: WorkOrderRow }) {
  const issued = useSignal<{ code: string; expiresAt: string } | null>(null);
  if (issued.value)
    return (
      <span role="status">
        <strong data-testid="technician-code">{issued.value.code}</strong> until{" "}
        {formatTime(issued.value.expiresAt, zone)} (works at the hub after its next sync)
      </span>
    );
  return (
    <ActionButton
      label={`Hub code for ${order.number}`}
      onClick={async () => (issued.value = await marketplace.technicianCode(order.id))}
    >
      Hub code
    </ActionButton>
  );
}
