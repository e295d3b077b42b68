/** One Durable Object per rate-limit key (an IP, an account, a token subject): a sliding-window counter. */
import { DurableObject } from "cloudflare:workers";
import { decide, oldestRelevantStart, type RateDecision, type RateRule } from "./sliding-window.ts";

/** A Durable Object serialises calls per key, so two concurrent attempts can never both take the last slot. */
export class RateLimiter extends DurableObject {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS windows (start INTEGER PRIMARY KEY, hits INTEGER NOT NULL)");
  }

  /** `now` comes from the caller's clock, so tests can move time. */
  hit(rule: RateRule, now: number): RateDecision {
    this.sql.exec("DELETE FROM windows WHERE start < ?", oldestRelevantStart(rule, now));
    const counts = new Map<number, number>();
    for (const row of this.sql.exec<{ start: number; hits: number }>("SELECT start, hits FROM windows")) {
      counts.set(row.start, row.hits);
    }
    const { decision, start } = decide(counts, rule, now);
    if (decision.allowed)
      this.sql.exec(
        "INSERT INTO windows (start, hits) VALUES (?, 1) ON CONFLICT(start) DO UPDATE SET hits = hits + 1",
        start,
      );
    return decision;
  }
}
