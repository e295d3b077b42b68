/** A service provider's page: requests in reach (inbox) with a bid form, its own bids, its work orders and schedule. */
import { useSignal } from "@preact/signals";
import { formatMoney, minorUnitDigits } from "../../../shared/money/index.ts";
import { Async, Empty, Field, Form, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime, words } from "../../../shared/ui/format.ts";
import { type InboxRequest, type MyProvider, marketplace } from "../marketplace-api.ts";
import { instantIn } from "./bookings.tsx";
import { ProviderBids, ProviderOrders } from "./provider-work.tsx";
import { priorityText, serviceTypeText } from "./service.tsx";

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
          : `rated ${provider.rating.toFixed(1)} of 5 by ${provider.ratings} ${provider.ratings === 1 ? "customer" : "customers"}`}{" "}
        · {provider.completedJobs} {provider.completedJobs === 1 ? "job" : "jobs"} completed · you are{" "}
        {words(provider.role)}
      </p>
      <Inbox provider={provider} version={version.value} onBid={() => (version.value += 1)} />
      <ProviderBids provider={provider} version={version.value} />
      <ProviderOrders provider={provider} />
    </section>
  );
}

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
              {
                label: "Where",
                cell: (r) => [r.siteName, r.unitName].filter(Boolean).join(", ") || "—",
              },
              { label: "Opened", cell: (r) => formatTime(r.createdAt, r.timeZone) },
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
          // Read as the site's clocks show it, like every time on the request.
          earliestAt: instantIn(earliest.value, request.timeZone),
        });
        await onBid();
      }}
    >
      <Field label="Amount (EUR)" value={amount} required inputMode="text" placeholder="120.00" />
      <Field
        label="Earliest visit"
        value={earliest}
        type="datetime-local"
        required
        hint={`The site's time (${request.timeZone})`}
      />
      <Field label="Message" value={message} maxLength={2000} />
    </Form>
  );
}
