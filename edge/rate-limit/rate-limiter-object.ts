/** One Durable Object per rate-limit key (an IP, an account, a token subject): a sliding-window counter. */
import { DurableObject } from "cloudflare:workers";

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
 * backs off is admitted again as the window slides. A Durable Object serialises calls per key, so two
 * concurrent attempts can never both take the last slot.
 */
export class RateLimiter extends DurableObject {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS windows (start INTEGER PRIMARY KEY, hits INTEGER NOT NULL)");
  }

  /** `now` comes from the caller's clock, so tests can move time. */
  hit(rule: RateRule, now: number): RateDecision {
    const start = now - (now % rule.windowMs);
    const previousStart = start - rule.windowMs;
    this.sql.exec("DELETE FROM windows WHERE start < ?", previousStart);
    const counts = new Map<number, number>();
    for (const row of this.sql.exec<{ start: number; hits: number }>("SELECT start, hits FROM windows")) {
      counts.set(row.start, row.hits);
    }
    const current = counts.get(start) ?? 0;
    const previous = counts.get(previousStart) ?? 0;
    const overlap = (rule.windowMs - (now - start)) / rule.windowMs;
    const estimate = previous * overlap + current;
    if (estimate + 1 > rule.limit) {
      // Free once the previous window's weight has decayed enough, or at the next window when it cannot.
      const needed = previous > 0 ? ((estimate + 1 - rule.limit) / previous) * rule.windowMs : rule.windowMs;
      const waitMs = Math.min(needed, start + rule.windowMs - now + rule.windowMs);
      return { allowed: false, remaining: 0, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    this.sql.exec(
      "INSERT INTO windows (start, hits) VALUES (?, 1) ON CONFLICT(start) DO UPDATE SET hits = hits + 1",
      start,
    );
    return { allowed: true, remaining: Math.floor(rule.limit - estimate - 1), retryAfterS: 0 };
  }
}
