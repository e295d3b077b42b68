/** Runs the modules' timers: each run counts from the end of the previous one, and `stop` waits for a run under way. */
import type { Logger } from "../log.ts";
import type { HubTimer } from "./manifest.ts";

export interface RunningTimers {
  stop(): Promise<void>;
}

export function startTimers(
  timers: readonly { module: string; timer: HubTimer }[],
  log: Logger,
): RunningTimers {
  let stopped = false;
  const handles = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const arm = (module: string, timer: HubTimer, ms: number) => {
    const handle = setTimeout(() => {
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
    }, ms);
    // A timer never keeps the process alive on its own.
    handle.unref();
    handles.add(handle);
  };
  for (const { module, timer } of timers) arm(module, timer, timer.firstAfterMs ?? timer.everyMs);
  return {
    async stop() {
      stopped = true;
      for (const h of handles) clearTimeout(h);
      handles.clear();
      await Promise.all(running);
    },
  };
}
