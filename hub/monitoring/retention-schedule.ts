/** Runs the retention prune in a running hub: once shortly after start, then every day. */
import type { Clock, Timer } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import type { Logger } from "../log.ts";
import { pruneReadings } from "./retention.ts";

export interface RetentionSchedule {
  /** A minute after start: start-up and the first device connections go first. */
  firstAfterMs?: number;
  everyMs?: number;
}

const DAY_MS = 24 * 3600_000;

/** Starts the schedule; `stop` cancels it and waits for a prune under way to stop at its next chunk. */
export function scheduleRetention(
  deps: { db: HubDb; clock: Clock; log: Logger },
  schedule: RetentionSchedule = {},
): { stop(): Promise<void> } {
  const every = schedule.everyMs ?? DAY_MS;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: Timer | undefined;
  const run = () => {
    running = pruneReadings(deps.db, deps.clock.now(), { stopping: () => stopped })
      .then(
        (n) => {
          if (n.readings > 0 || n.minuteRollups > 0) deps.log.info("pruned aged readings", n);
        },
        (err) => {
          if (!stopped) deps.log.error("pruning failed", { error: String(err) });
        },
      )
      .finally(() => {
        running = null;
        // The next run counts from the end of this one, so runs never overlap.
        if (!stopped) arm(every);
      });
  };
  const arm = (ms: number) => {
    timer = deps.clock.after(ms, run);
  };
  arm(schedule.firstAfterMs ?? 60_000);
  return {
    async stop() {
      stopped = true;
      timer?.cancel();
      await running;
    },
  };
}
