/** Sign-in throttling per account and per address: failed attempts in a window, then 429 until it ends. */
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";

export interface ThrottleRule {
  failures: number;
  windowMs: number;
}

/** 5 wrong passwords per account, 20 failures per address, per 15 minutes. */
export const SIGN_IN_LIMITS = {
  perAccount: { failures: 5, windowMs: 15 * 60_000 },
  perAddress: { failures: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, ThrottleRule>;

// In memory: a restart forgets the counts, which costs an attacker a reboot of the appliance per window.
export class SignInThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** RATE_LIMITED (with retryAfterSeconds) when any key has used up its failures. */
  check(keys: { key: string; rule: ThrottleRule }[]): void {
    const now = this.clock.now();
    for (const { key, rule } of keys) {
      const entry = this.failures.get(key);
      if (!entry || entry.resetAt <= now) continue;
      if (entry.count >= rule.failures) {
        const retryAfterSeconds = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
        throw new AppError("RATE_LIMITED", "too many failed attempts; try again later", {
          retryAfterSeconds,
        });
      }
    }
  }

  fail(keys: { key: string; rule: ThrottleRule }[]): void {
    const now = this.clock.now();
    for (const { key, rule } of keys) {
      const entry = this.failures.get(key);
      if (!entry || entry.resetAt <= now) this.failures.set(key, { count: 1, resetAt: now + rule.windowMs });
      else entry.count++;
    }
    if (this.failures.size > 10_000) this.sweep(now);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
  }
}
