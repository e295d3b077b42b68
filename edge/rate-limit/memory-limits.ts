/** RateLimits held in this process's memory (the Deno entry): counters start empty after a restart. */
import type { Clock } from "../../shared/clock/index.ts";
import type { RateLimits } from "./limits.ts";
import { decide, oldestRelevantStart } from "./sliding-window.ts";

export function memoryRateLimits(clock: Clock): RateLimits {
  const windows = new Map<string, Map<number, number>>();
  return {
    // Synchronous between reading and writing the counts: one event loop serialises callers like a DO does.
    async hit(key, rule) {
      const now = clock.now();
      const counts = windows.get(key) ?? new Map<number, number>();
      const oldest = oldestRelevantStart(rule, now);
      for (const start of counts.keys()) if (start < oldest) counts.delete(start);
      const { decision, start } = decide(counts, rule, now);
      if (decision.allowed) counts.set(start, (counts.get(start) ?? 0) + 1);
      if (counts.size > 0) windows.set(key, counts);
      else windows.delete(key);
      return decision;
    },
  };
}
