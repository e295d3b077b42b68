/** The bookings module's database type, its dependencies, and its outbox helpers. */
import { sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { SecretBox } from "../accounts/two-factor/secret-box.ts";
import type { EventBus } from "../bus/index.ts";
import type { CloudDb } from "../db/index.ts";
import * as events from "../events/index.ts";
import type { PersonCalendars } from "./calendar.ts";
import * as schema from "./schema.ts";

export { schema };
export type BookingsDb = CloudDb<typeof schema>;

export interface BookingsDeps {
  db: BookingsDb;
  clock: Clock;
  bus: EventBus;
  /** The serialised per-person calendars (the platform's). */
  calendars: PersonCalendars;
  /** Seals SSNs and bank accounts, bound to the crew member's id. */
  box: SecretBox;
}

/** Our events are sourced at the organisation they concern (there is no site). */
export const sourceOf = (orgId: string) => ({ siteId: `org:${orgId}`.slice(0, 64), module: "bookings" });

export function outboxInsert(db: BookingsDb, event: EventEnvelope, now: number) {
  return events.outboxInsert(db, schema.outbox, event, now);
}

export function flushOutbox(deps: Pick<BookingsDeps, "db" | "bus" | "clock">): Promise<number> {
  return events.flushOutbox({ ...deps, table: schema.outbox });
}

/**
 * The outbox row for `event`, written only if the statement just before it in the batch changed a row: a
 * compare-and-swap that lost writes no event, and one that won writes it in the same transaction.
 */
export function outboxIfChanged(db: BookingsDb, event: EventEnvelope, now: number) {
  return db
    .insert(schema.outbox)
    .select(sql`SELECT ${event.id}, ${JSON.stringify(event)}, ${now}, NULL WHERE changes() > 0`);
}
