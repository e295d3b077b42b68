/**
 * Sign-in throttling per account and per address. An attempt is reserved (counted as a failure) before
 * the password hash or code check runs and settled after, so concurrent guesses cannot all pass a check
 * that only their own completions would have closed.
 */
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

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
  /** Counted, but not refused on: a failure still adds to it (the owner's way past a stranger's lockout). */
  waived?: boolean;
  /** A success clears the key's failures while it is below its limit (a typo forgiven), never a lockout. */
  forgiveOnSuccess?: boolean;
}

interface Entry {
  failures: number;
  /** Attempts reserved and not yet settled; they count as failures until they succeed. */
  pending: number;
  resetAt: number;
}

/** A reserved attempt: settle it once, with the outcome of the work it allowed. */
export interface Attempt {
  succeeded(): void;
  failed(): void;
}

/**
 * The key an address is throttled under: an IPv4 address itself, an IPv6 address by its /64, since one
 * machine can take any address of its /64 at will and each fresh one would buy a guess past the account's
 * lockout. The cost: LAN hosts on IPv6 share one key (the owner still has IPv4 and the shell).
 * IPv4-mapped IPv6 counts as the IPv4 address.
 */
export function addressScope(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

// In memory: a restart forgets the counts, which costs an attacker a reboot of the appliance per window.
export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Failures and attempts in flight under `key` in its current window. */
  count(key: string): number {
    const entry = this.entries.get(key);
    return entry && entry.resetAt > this.clock.now() ? entry.failures + entry.pending : 0;
  }

  /**
   * RATE_LIMITED (with retryAfterSeconds) when a key that is not waived has used up its failures;
   * otherwise counts the attempt against every key at once, before any work, and returns it to settle.
   * Check and count run in one synchronous step, so no other request can interleave between them.
   */
  reserve(keys: ThrottleKey[]): Attempt {
    const now = this.clock.now();
    for (const { key, rule, waived } of keys) {
      const entry = this.entries.get(key);
      if (waived || !entry || entry.resetAt <= now || entry.failures + entry.pending < rule.failures)
        continue;
      const retryAfterSeconds = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
      throw new AppError("RATE_LIMITED", "too many failed attempts; try again later", { retryAfterSeconds });
    }
    const held = keys.map(({ key, rule, forgiveOnSuccess }) => {
      let entry = this.entries.get(key);
      if (!entry || entry.resetAt <= now) {
        entry = { failures: 0, pending: 0, resetAt: now + rule.windowMs };
        this.entries.set(key, entry);
      }
      entry.pending++;
      return { rule, entry, forgiveOnSuccess };
    });
    if (this.entries.size > 10_000) this.sweep(now);
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      // A window that restarted meanwhile has its own entry; this attempt settles in the one it was counted in.
      for (const { rule, entry, forgiveOnSuccess } of held) {
        entry.pending--;
        if (!ok) entry.failures++;
        else if (forgiveOnSuccess && entry.failures < rule.failures) entry.failures = 0;
      }
    };
    return { failed: () => settle(false), succeeded: () => settle(true) };
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.resetAt <= now && entry.pending === 0) this.entries.delete(key);
    }
  }
}
