/** The EventBus over a Cloudflare Queue producer binding (the Worker's runtime; Deno has its own queue). */
import type { EventBus } from "../../cloud/bus/index.ts";

// Cloudflare Queues limits per sendBatch call: 100 messages and 256 KB in total.
const MAX_MESSAGES = 100;
const MAX_BATCH_BYTES = 200 * 1024; // below the 256 KB limit, leaving room for per-message overhead

/** An EventBus over a Cloudflare Queue producer binding; events travel as JSON. */
export function queueBus(queue: Queue): EventBus {
  return {
    async publish(events) {
      let batch: MessageSendRequest[] = [];
      let bytes = 0;
      for (const event of events) {
        const size = JSON.stringify(event).length;
        if (batch.length === MAX_MESSAGES || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
          await queue.sendBatch(batch);
          batch = [];
          bytes = 0;
        }
        batch.push({ body: event, contentType: "json" });
        bytes += size;
      }
      if (batch.length > 0) await queue.sendBatch(batch);
    },
  };
}
