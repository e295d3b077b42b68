/** The cloud event bus: how modules publish events, behind an interface a non-Cloudflare entry can replace. */
import type { EventEnvelope } from "../../shared/events/index.ts";

export interface EventBus {
  /** Resolves once every event is accepted by the bus; rejects if any may not have been. */
  publish(events: readonly EventEnvelope[]): Promise<void>;
}
