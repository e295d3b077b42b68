/** The hub's clock for monitoring: a tick for time-based alarms (retention has its own schedule). */
import type { Clock } from "../shared/clock/index.ts";
import type { Logger } from "./ingest/index.ts";
import type { IngestWriter } from "./ingest/writer.ts";

export function watchTime(deps: { clock: Clock; log: Logger; writer: IngestWriter; everyMs: number }) {
  const timer = deps.clock.every(deps.everyMs, () => {
    // Through the ingest writer, so time-based transitions never race a batch of readings.
    deps.writer
      .submit({ kind: "tick", now: deps.clock.now() })
      .catch((err) => deps.log.error("monitoring tick failed", { error: String(err) }));
  });
  return { stop: () => timer.cancel() };
}
