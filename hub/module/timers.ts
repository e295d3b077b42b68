/** Runs the modules' timers: each run counts from the end of the previous one, and `stop` waits for a run under way. */
import type { Clock, Timer } from "../../shared/clock/index.ts";
import type { Logger } from "../log.ts";
import type { HubTimer } from "./manifest.ts";

export interface RunningTimers {
  stop(): Promise<void>;
}

export function startTimers(
  timers: readonly { module: string; timer: HubTimer }[],
  log: Logger,
  clock: Clock,
): RunningTimers {
  let stopped = false;
  const handles = new Set<Timer>();
  const running = new Set<Promise<void>>();
  const arm = (module: string, timer: HubTimer, ms: number) => {
    const handle = clock.after(ms, () => {
      handles.delete(handle);
      const run = timer
        .run(() => stopped)
        .catch((err) => {
          if (!stopped) log.error("timer failed", { module, timer: timer.name, error: String(err) });
        })
        .finally(() => {
          running.delete(run);
          if (!stopped) arm(module, timer, timer.everyMs);
        });
      running.add(run);
    });
    handles.add(handle);
  };
  for (const { module, timer } of timers) arm(module, timer, timer.firstAfterMs ?? timer.everyMs);
  return {
    async stop() {
      stopped = true;
      for (const h of handles) h.cancel();
      handles.clear();
      await Promise.all(running);
    },
  };
}
