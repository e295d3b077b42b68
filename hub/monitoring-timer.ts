/** The hub's clock for monitoring: a tick for time-based alarms, and daily pruning of aged readings. */
import type { Clock } from "../shared/clock/index.ts";
import type { HubDb } from "./db/index.ts";
import type { Logger } from "./ingest/index.ts";
import type { IngestWriter } from "./ingest/writer.ts";
import { pruneReadings } from "./monitoring/index.ts";

const PRUNE_EVERY_MS = 6 * 3600_000;

export function watchTime(deps: {
  clock: Clock;
  log: Logger;
  writer: IngestWriter;
  db: HubDb;
  everyMs: number;
}) {
  let lastPrune = 0;
  const timer = setInterval(() => {
    const now = deps.clock.now();
    // Through the ingest writer, so time-based transitions never race a batch of readings.
    deps.writer
      .submit({ kind: "tick", now })
      .catch((err) => deps.log.error("monitoring tick failed", { error: String(err) }));
    if (now - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now;
      pruneReadings(deps.db, now).then(
        (n) => n.readings > 0 && deps.log.info("pruned aged readings", n),
        (err) => deps.log.error("pruning failed", { error: String(err) }),
      );
    }
  }, deps.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
