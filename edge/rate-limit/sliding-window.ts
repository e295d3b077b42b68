/** The sliding-window decision shared by the RateLimiter Durable Object and the in-memory (Deno) limits. */

export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed). */
  retryAfterS: number;
}

/**
 * Sliding window counter: the previous fixed window's count is weighted by how much of it still overlaps
 * the sliding window, plus the current window's count. Refused requests are not counted, so a client that
 * backs off is admitted again as the window slides. `counts` maps window start → hits; the caller stores
 * one more hit in window `start` when the decision allows it.
 */
export function decide(
  counts: ReadonlyMap<number, number>,
  rule: RateRule,
  now: number,
): { decision: RateDecision; start: number } {
  const start = now - (now % rule.windowMs);
  const previousStart = start - rule.windowMs;
  const current = counts.get(start) ?? 0;
  const previous = counts.get(previousStart) ?? 0;
  const overlap = (rule.windowMs - (now - start)) / rule.windowMs;
  const estimate = previous * overlap + current;
  if (estimate + 1 > rule.limit) {
    // Free once the previous window's weight has decayed enough, or at the next window when it cannot.
    const needed = previous > 0 ? ((estimate + 1 - rule.limit) / previous) * rule.windowMs : rule.windowMs;
    const waitMs = Math.min(needed, start + rule.windowMs - now + rule.windowMs);
    return {
      decision: { allowed: false, remaining: 0, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) },
      start,
    };
  }
  return {
    decision: { allowed: true, remaining: Math.floor(rule.limit - estimate - 1), retryAfterS: 0 },
    start,
  };
}

/** Windows older than this are irrelevant to any decision at `now`. */
export function oldestRelevantStart(rule: RateRule, now: number): number {
  return now - (now % rule.windowMs) - rule.windowMs;
}
