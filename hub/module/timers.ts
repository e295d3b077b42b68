/**
 * Runs the modules' timers on the injected clock. Runs of one timer never overlap: a period that falls due
 * while a run is under way is coalesced into one more run right after it (which reads the clock then), so a
 * jump in time — a manual clock in a test, a machine waking — still gets a run at the new time. `stop` waits
 * for a run under way.
 */
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
  const handles: Timer[] = [];
  const running = new Set<Promise<void>>();

  for (const { module, timer } of timers) {
    let busy = false;
    let again = false;
    const fire = () => {
      if (stopped) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      const run = timer
        .run(() => stopped)
        .catch((err) => {
          if (!stopped) log.error("timer failed", { module, timer: timer.name, error: String(err) });
        })
        .finally(() => {
          running.delete(run);
          busy = false;
          if (again) {
            again = false;
            fire();
          }
        });
      running.add(run);
    };
    handles.push(
      clock.after(timer.firstAfterMs ?? timer.everyMs, () => {
        fire();
        if (!stopped) handles.push(clock.every(timer.everyMs, fire));
      }),
    );
  }
  return {
    async stop() {
      stopped = true;
      for (const h of handles) h.cancel();
      while (running.size > 0) await Promise.all(running);
    },
  };
}
