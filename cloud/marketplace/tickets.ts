/**
 * Support tickets (seed 004): OPEN → IN_PROGRESS → RESOLVED → CLOSED with comments. Staff (the platform's
 * `admin` role) work every ticket and move it forward; the person who opened one reads and comments on it,
 * and closes it once RESOLVED.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { AccessTokenUser } from "../../shared/access-token/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { batch } from "../db/index.ts";
import { bumpCounter, flush, iso, type MarketplaceDeps, numbered, outboxIf, statement } from "./deps.ts";
import * as schema from "./schema.ts";

export const ticketInput = z.object({
  subject: z.string().trim().min(1).max(200),
  description: z.string().trim().max(8000).default(""),
});
export const commentInput = z.object({ message: z.string().trim().min(1).max(4000) });
export const statusInput = z.object({ status: z.enum(schema.TICKET_STATUSES) });

type Who = Pick<AccessTokenUser, "id" | "roles">;
const isStaff = (who: Who) => who.roles.includes("admin");
const source = { siteId: "support", module: "marketplace" };

export async function createTicket(deps: MarketplaceDeps, who: Who, input: z.infer<typeof ticketInput>) {
  const now = deps.clock.now();
  const id = uuidv7(now);
  const event = buildEvent({
    type: "support.ticket.created",
    source,
    occurredAt: now,
    data: { ticketId: id, number: "", subject: input.subject, createdBy: who.id, createdAt: iso(now) },
  });
  await batch(deps.db, [
    bumpCounter(deps.db, "ticket"),
    deps.db.insert(schema.tickets).values({
      id,
      number: numbered("ticket", "T"),
      userId: who.id,
      subject: input.subject,
      description: input.description,
      status: "OPEN",
      createdAt: now,
    }),
    statement(
      deps.db,
      sql`INSERT INTO marketplace_outbox (id, event, created_at)
          SELECT ${event.id}, json_set(${JSON.stringify(event)}, '$.data.number', number), ${now} FROM tickets WHERE id = ${id}`,
    ),
  ]);
  await flush(deps);
  return getTicket(deps, who, id);
}

async function ticketRow(deps: MarketplaceDeps, who: Who, id: string) {
  const row = await deps.db.select().from(schema.tickets).where(eq(schema.tickets.id, id)).get();
  // Someone else's ticket answers like a missing one.
  if (!row || (row.userId !== who.id && !isStaff(who))) throw new AppError("NOT_FOUND", "no such ticket");
  return row;
}

export async function getTicket(deps: MarketplaceDeps, who: Who, id: string) {
  const row = await ticketRow(deps, who, id);
  const comments = await deps.db
    .select()
    .from(schema.ticketComments)
    .where(eq(schema.ticketComments.ticketId, id))
    .orderBy(asc(schema.ticketComments.createdAt));
  const people = await deps.people([...new Set([row.userId, ...comments.map((c) => c.authorId)])]);
  const name = new Map(people.map((p) => [p.userId, p.displayName ?? p.email]));
  return {
    ...row,
    openerName: name.get(row.userId) ?? null,
    /** What the caller may do next, so a page offers only possible moves. */
    staff: isStaff(who),
    comments: comments.map((c) => ({ ...c, authorName: name.get(c.authorId) ?? null })),
  };
}

/** The caller's tickets; staff see every ticket. Each with its opener's name. */
export async function listTickets(deps: MarketplaceDeps, who: Who) {
  const q = deps.db.select().from(schema.tickets);
  const rows = await (isStaff(who) ? q : q.where(eq(schema.tickets.userId, who.id)))
    .orderBy(desc(schema.tickets.createdAt))
    .limit(500);
  const people = await deps.people([...new Set(rows.map((r) => r.userId))]);
  const name = new Map(people.map((p) => [p.userId, p.displayName ?? p.email]));
  return rows.map((r) => ({ ...r, openerName: name.get(r.userId) ?? null }));
}

export async function commentOn(
  deps: MarketplaceDeps,
  who: Who,
  id: string,
  input: z.infer<typeof commentInput>,
) {
  const row = await ticketRow(deps, who, id);
  if (row.status === "CLOSED")
    throw new AppError("CONFLICT", "the ticket is closed; open a new one to write again");
  const now = deps.clock.now();
  const commentId = uuidv7(now);
  const event = buildEvent({
    type: "support.ticket.commented",
    source,
    occurredAt: now,
    data: { ticketId: id, number: row.number, commentId, authorId: who.id, commentedAt: iso(now) },
  });
  await batch(deps.db, [
    deps.db
      .insert(schema.ticketComments)
      .values({ id: commentId, ticketId: id, authorId: who.id, message: input.message, createdAt: now }),
    outboxIf(deps.db, event, now, sql`1`),
  ]);
  await flush(deps);
  return getTicket(deps, who, id);
}

const ORDER = schema.TICKET_STATUSES;
const statusWords = (s: (typeof ORDER)[number]) => s.toLowerCase().replace("_", " ");

/** Staff move a ticket forward (never back); its opener may close it once it is RESOLVED. */
export async function changeTicketStatus(
  deps: MarketplaceDeps,
  who: Who,
  id: string,
  status: (typeof ORDER)[number],
) {
  const row = await ticketRow(deps, who, id);
  const allowed = isStaff(who) || (status === "CLOSED" && row.status === "RESOLVED");
  if (!allowed)
    throw new AppError(
      "FORBIDDEN",
      status === "CLOSED"
        ? "you can close your ticket once support has resolved it"
        : "only support staff move a ticket forward",
    );
  if (ORDER.indexOf(status) <= ORDER.indexOf(row.status))
    throw new AppError(
      "CONFLICT",
      status === row.status
        ? `the ticket is already ${statusWords(row.status)}`
        : `a ticket that is ${statusWords(row.status)} cannot go back to ${statusWords(status)}`,
      { status: row.status },
    );
  const now = deps.clock.now();
  const event = buildEvent({
    type: "support.ticket.status.changed",
    source,
    occurredAt: now,
    data: { ticketId: id, number: row.number, status, previous: row.status, changedAt: iso(now) },
  });
  // Compare-and-swap on the status read: a concurrent change makes this one a CONFLICT.
  const same = sql`EXISTS (SELECT 1 FROM tickets WHERE id = ${id} AND status = ${status})`;
  const [updated] = await batch(deps.db, [
    deps.db
      .update(schema.tickets)
      .set({ status })
      .where(and(eq(schema.tickets.id, id), eq(schema.tickets.status, row.status))),
    outboxIf(deps.db, event, now, same),
  ]);
  if (
    ((updated as { meta?: { changes?: number }; rowsAffected?: number }).meta?.changes ??
      (updated as { rowsAffected?: number }).rowsAffected ??
      0) === 0
  )
    throw new AppError("CONFLICT", "the ticket changed meanwhile");
  await flush(deps);
  return getTicket(deps, who, id);
}
