/** An organisation's bookings (confirm, complete, cancel), invoices (draft, issue, print, pay) and reports. */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatMoney } from "../../../shared/money/index.ts";
import { ActionButton, Async, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { session } from "../api.ts";
import { bookings, type Organisation } from "../bookings-api.ts";

type Props = { org: Organisation; version: number; onChanged: () => void };
const PAID_POLL_MS = 1000;

export function BookingsPanel({ org, version, onChanged }: Props) {
  const list = useAsync(() => bookings.bookingsOf(org.id), [org.id, version]);
  const act = (id: string, action: "confirm" | "complete" | "cancel") => async () => {
    await bookings.changeBooking(id, action);
    onChanged();
  };
  return (
    <section aria-label="Bookings">
      <h2>Bookings</h2>
      <Async state={list}>
        {(rows) => (
          <Table
            caption="Bookings"
            rows={rows}
            rowKey={(r) => r.booking.id}
            empty="No bookings yet."
            columns={[
              { label: "Crew", cell: (r) => r.crewName },
              { label: "Event", cell: (r) => r.eventName },
              {
                label: "When",
                cell: (r) =>
                  `${formatTime(r.booking.startsAt, org.timeZone)} – ${formatTime(r.booking.endsAt, org.timeZone)}`,
              },
              {
                label: "Price",
                cell: (r) =>
                  `${r.booking.quantity} × ${r.booking.unit} = ${formatMoney({ amount: r.booking.total, currency: r.booking.currency })}`,
              },
              { label: "Status", cell: (r) => r.booking.status },
              {
                label: "Actions",
                cell: (r) => (
                  <>
                    {org.kind === "crew_company" && r.booking.status === "Requested" && (
                      <ActionButton label={`Confirm ${r.crewName}`} onClick={act(r.booking.id, "confirm")}>
                        Confirm
                      </ActionButton>
                    )}
                    {r.booking.status === "Confirmed" && (
                      <ActionButton onClick={act(r.booking.id, "complete")}>Complete</ActionButton>
                    )}
                    {(r.booking.status === "Requested" || r.booking.status === "Confirmed") && (
                      <ActionButton onClick={act(r.booking.id, "cancel")}>Cancel</ActionButton>
                    )}
                    {org.kind === "crew_company" &&
                      !r.booking.invoiceId &&
                      (r.booking.status === "Confirmed" || r.booking.status === "Completed") && (
                        <ActionButton
                          label={`Invoice ${r.crewName}`}
                          onClick={async () => {
                            await bookings.draftInvoice(org.id, [r.booking.id]);
                            onChanged();
                          }}
                        >
                          Draft invoice
                        </ActionButton>
                      )}
                  </>
                ),
              },
            ]}
          />
        )}
      </Async>
    </section>
  );
}

export function InvoicesPanel({ org, version, onChanged }: Props) {
  const list = useAsync(() => bookings.invoicesOf(org.id), [org.id, version]);
  // The invoice whose payment was started here, until it shows Paid.
  const payingId = useSignal<string | null>(null);
  const paidNow = list.data.value?.some((i) => i.id === payingId.value && i.status === "Paid") ?? false;
  const paying = { value: payingId.value !== null && !paidNow };
  // A started payment turns the invoice Paid when billing's webhook lands: keep asking until it has.
  useEffect(() => {
    if (!paying.value) return;
    const timer = setInterval(() => void list.reload(), PAID_POLL_MS);
    return () => clearInterval(timer);
  }, [paying.value]);
  useEffect(() => {
    if (paidNow) payingId.value = null;
  }, [paidNow]);
  return (
    <section aria-label="Invoices">
      <h2>Invoices</h2>
      <Async state={list}>
        {(rows) => (
          <Table
            caption="Invoices"
            rows={rows}
            rowKey={(i) => i.id}
            empty="No invoices yet."
            columns={[
              { label: "Number", cell: (i) => i.number ?? "draft" },
              { label: "Net", cell: (i) => formatMoney(i) },
              { label: "VAT", cell: (i) => formatMoney({ amount: i.vat, currency: i.currency }) },
              { label: "Total", cell: (i) => formatMoney({ amount: i.total, currency: i.currency }) },
              { label: "Due", cell: (i) => (i.dueAt ? formatTime(i.dueAt, org.timeZone) : "") },
              { label: "Status", cell: (i) => <span data-testid="invoice-status">{i.status}</span> },
              {
                label: "Actions",
                cell: (i) => (
                  <>
                    {org.kind === "crew_company" && i.status === "Draft" && (
                      <ActionButton
                        onClick={async () => {
                          await bookings.issueInvoice(i.id);
                          onChanged();
                        }}
                      >
                        Issue
                      </ActionButton>
                    )}
                    <ActionButton
                      label={`Printable invoice ${i.number ?? "draft"}`}
                      onClick={async () => {
                        window.open(await bookings.invoicePrintUrl(i.id), "_blank", "noopener");
                      }}
                    >
                      Print
                    </ActionButton>
                    {org.kind === "organiser" && (i.status === "Issued" || i.status === "Overdue") && (
                      <ActionButton
                        label={`Pay invoice ${i.number}`}
                        onClick={async () => {
                          await bookings.pay(i.id, session.value!.user.id);
                          payingId.value = i.id;
                        }}
                      >
                        Pay
                      </ActionButton>
                    )}
                  </>
                ),
              },
            ]}
          />
        )}
      </Async>
      {paying.value && (
        <p role="status">Payment started — the invoice turns Paid when the payment is confirmed.</p>
      )}
    </section>
  );
}

export function ReportPanel({ org, version }: { org: Organisation; version: number }) {
  const now = Date.now();
  const data = useAsync(
    () =>
      bookings.report(
        org.id,
        new Date(now - 365 * 86_400_000).toISOString(),
        new Date(now + 365 * 86_400_000).toISOString(),
      ),
    [org.id, version],
  );
  return (
    <section aria-label="Reports">
      <h2>Reports (a year either side of today)</h2>
      <Async state={data}>
        {(r) => (
          <>
            <Table
              caption="Bookings and revenue per month"
              rows={r.months}
              rowKey={(m) => `${m.month}-${m.currency}`}
              empty="No bookings in the period."
              columns={[
                { label: "Month", cell: (m) => m.month },
                { label: "Bookings", cell: (m) => String(m.bookings) },
                { label: "Cancelled", cell: (m) => String(m.cancelled) },
                { label: "Revenue", cell: (m) => formatMoney({ amount: m.revenue, currency: m.currency }) },
              ]}
            />
            <Table
              caption="Crew utilisation"
              rows={r.utilisation}
              rowKey={(u) => u.crewId}
              empty="No crew in the period."
              columns={[
                { label: "Crew", cell: (u) => u.name },
                { label: "Booked hours", cell: (u) => u.bookedHours.toFixed(1) },
                { label: "Available hours", cell: (u) => u.availableHours.toFixed(1) },
                {
                  label: "Utilisation",
                  cell: (u) => (u.utilisation === null ? "" : `${Math.round(u.utilisation * 100)} %`),
                },
              ]}
            />
          </>
        )}
      </Async>
    </section>
  );
}
