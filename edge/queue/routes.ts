/** Routing on the cloud bus: which listed modules' consumers take an event type (built from the manifests). */
import type { BoundConsumer } from "../../cloud/module/registry.ts";

/**
 * Dotted type patterns, as AMQP topic exchanges read them: `*` matches exactly one segment, `#` matches any
 * number of segments (none included), so `equipment.#` takes `equipment.alarm.raised` and `equipment.x`.
 */
export function matchesPattern(pattern: string, type: string): boolean {
  return matchFrom(pattern.split("."), 0, type.split("."), 0);
}

function matchFrom(p: string[], i: number, t: string[], j: number): boolean {
  if (i === p.length) return j === t.length;
  const segment = p[i];
  if (segment === "#") {
    for (let k = j; k <= t.length; k++) if (matchFrom(p, i + 1, t, k)) return true;
    return false;
  }
  if (j === t.length) return false;
  return (segment === "*" || segment === t[j]) && matchFrom(p, i + 1, t, j + 1);
}

/** Every consumer with a pattern matching `type`, in list order, each once. */
export function consumersFor(type: string, consumers: readonly BoundConsumer[]): BoundConsumer[] {
  return consumers.filter((c) => c.patterns.some((p) => matchesPattern(p, type)));
}
