/**
 * Support tickets (seed 004): a person opens one and comments; staff (the platform's admin role) see every
 * ticket and move it OPEN → IN_PROGRESS → RESOLVED; the opener closes a resolved one. Only possible moves show.
 */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime, localZone } from "../../../shared/ui/format.ts";
import { Link, navigate } from "../../../shared/ui/router.tsx";
import { session } from "../api.ts";
import { marketplace, type Ticket, type TicketRow, type TicketStatus } from "../marketplace-api.ts";

/** Tickets belong to no site: times are shown in the reader's own zone. */
const zone = localZone();

const STATUS_WORDS: Record<TicketStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "Being worked on",
  RESOLVED: "Resolved",
  CLOSED: "Closed",
};
export const ticketStatusText = (s: TicketStatus) => STATUS_WORDS[s];

/** The next moves each side may make, as the server allows them. */
function moves(t: Ticket, mine: boolean): { to: TicketStatus; label: string }[] {
  if (t.staff) {
    const next: Partial<Record<TicketStatus, { to: TicketStatus; label: string }[]>> = {
      OPEN: [
        { to: "IN_PROGRESS", label: "Start working on it" },
        { to: "RESOLVED", label: "Mark resolved" },
      ],
      IN_PROGRESS: [{ to: "RESOLVED", label: "Mark resolved" }],
      RESOLVED: [{ to: "CLOSED", label: "Close" }],
    };
    return next[t.status] ?? [];
  }
  return mine && t.status === "RESOLVED" ? [{ to: "CLOSED", label: "Close the ticket" }] : [];
}

export function SupportTickets() {
  const tickets = useAsync(marketplace.tickets);
  const subject = useSignal("");
  const description = useSignal("");
  return (
    <>
      <PageTitle>Support</PageTitle>
      <Async state={tickets} what="Loading tickets">
        {(list) => (
          <Table<TicketRow>
            caption="Support tickets, newest first"
            rows={list}
            rowKey={(t) => t.id}
            empty="No support tickets."
            columns={[
              {
                label: "Ticket",
                cell: (t) => <Link href={`/support/${t.id}`}>{`${t.number}: ${t.subject}`}</Link>,
              },
              { label: "Opened by", cell: (t) => t.openerName ?? "Someone no longer listed" },
              { label: "Status", cell: (t) => ticketStatusText(t.status) },
              { label: "Opened", cell: (t) => formatTime(t.createdAt, zone) },
            ]}
          />
        )}
      </Async>
      <h2>Ask for help</h2>
      <Form
        submit="Open ticket"
        label="Open a support ticket"
        onSubmit={async () => {
          const t = await marketplace.openTicket(subject.value, description.value);
          navigate(`/support/${t.id}`);
        }}
      >
        <Field label="Subject" value={subject} required maxLength={200} />
        <Field label="What happened" value={description} maxLength={8000} />
      </Form>
    </>
  );
}

export function SupportTicketPage({ ticketId }: { ticketId: string }) {
  const ticket = useAsync(() => marketplace.ticket(ticketId), [ticketId]);
  const message = useSignal("");
  return (
    <Async state={ticket} what="Loading the ticket">
      {(t) => (
        <>
          <PageTitle>{`Ticket ${t.number}: ${t.subject}`}</PageTitle>
          <p>
            <Link href="/support">All tickets</Link>
          </p>
          <dl class="facts">
            <dt>Status</dt>
            <dd data-testid="ticket-status">{ticketStatusText(t.status)}</dd>
            <dt>Opened by</dt>
            <dd>{t.openerName ?? "Someone no longer listed"}</dd>
            <dt>Opened</dt>
            <dd>{formatTime(t.createdAt, zone)}</dd>
          </dl>
          {t.description && <p class="prose">{t.description}</p>}
          {moves(t, t.userId === session.value?.user.id).map((m) => (
            <Form
              key={m.to}
              submit={m.label}
              label={m.label}
              onSubmit={async () => {
                await marketplace.moveTicket(t.id, m.to);
                await ticket.reload();
              }}
            />
          ))}
          <h2>Comments</h2>
          {t.comments.length === 0 ? (
            <p class="muted">No comments yet.</p>
          ) : (
            <ol class="comments">
              {t.comments.map((c) => (
                <li key={c.id}>
                  <strong>{c.authorName ?? "Someone no longer listed"}</strong>{" "}
                  <small class="muted">{formatTime(c.createdAt, zone)}</small>
                  <p class="prose">{c.message}</p>
                </li>
              ))}
            </ol>
          )}
          {t.status === "CLOSED" ? (
            <p class="muted">This ticket is closed; open a new one to write again.</p>
          ) : (
            <Form
              submit="Add comment"
              label="Add a comment"
              onSubmit={async () => {
                await marketplace.comment(t.id, message.value);
                message.value = "";
                await ticket.reload();
              }}
            >
              <Field label="Comment" value={message} required maxLength={4000} />
            </Form>
          )}
        </>
      )}
    </Async>
  );
}
