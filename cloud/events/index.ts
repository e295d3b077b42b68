/** Cloud event helpers every module uses: the outbox and idempotent consumption. */

export { flushOutbox, type OutboxTable, outboxInsert, outboxTable } from "./outbox.ts";
export { consumeOnce, type ProcessedEventsTable, processedEventsTable } from "./processed-events.ts";
