/**
 * Rejection logs, rate-limited per device: a misbehaving device at its message rate would write a
 * line per message (gigabytes a day). One line per device per interval; the next one says how
 * many were suppressed in between. Counters (/metrics) still see every rejection.
 */
export class LogLimiter {
  private readonly last = new Map<string, { at: number; suppressed: number }>();
  private readonly intervalMs: number;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** null to stay quiet; otherwise how many lines were suppressed since the last one let through. */
  allow(key: string, now: number): number | null {
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return null;
    }
    const suppressed = entry?.suppressed ?? 0;
    // Bounded by the devices that misbehave; a quiet device's entry is replaced, not kept growing.
    if (this.last.size > 10_000) this.last.clear();
    this.last.set(key, { at: now, suppressed: 0 });
    return suppressed;
  }

  forget(key: string): void {
    this.last.delete(key);
  }
}
