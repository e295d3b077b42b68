/** Billing's event outbox (cloud/events): events are written in the batch that causes them, then published. */
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { EventBus } from "../bus/index.ts";
import * as events from "../events/index.ts";
import { type BillingDb, schema } from "./db.ts";

export function outboxInsert(db: BillingDb, event: EventEnvelope, now: number) {
  return events.outboxInsert(db, schema.outbox, event, now);
}

/** Publishes what waits in billing's outbox (after each write; the cron catches what a failed publish left). */
export function flushOutbox(deps: { db: BillingDb; bus: EventBus; clock: Clock }): Promise<number> {
  return events.flushOutbox({ ...deps, table: schema.outbox });
}
