/** Event contracts: the envelope, the catalog and a builder. */
import { uuidv7 } from "../ids/index.ts";
import { currentVersion, type EventData, type EventType } from "./catalog.ts";
import type { EventEnvelope } from "./envelope.ts";

export * from "./catalog.ts";
export * from "./envelope.ts";
export { visitItemSchema } from "./marketplace.ts";

/** Builds an envelope for a catalogued event; `seq` is left to the hub's outbox. */
export function buildEvent<T extends EventType>(input: {
  type: T;
  data: EventData<T>;
  source: EventEnvelope["source"];
  occurredAt: number;
  correlationId?: string;
}): EventEnvelope<EventData<T>> {
  const id = uuidv7(input.occurredAt);
  return {
    id,
    type: input.type,
    version: currentVersion(input.type),
    occurredAt: new Date(input.occurredAt).toISOString(),
    correlationId: input.correlationId ?? id,
    source: input.source,
    data: input.data,
  };
}
