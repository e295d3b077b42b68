/** Device health: repeated bad messages in a short window put a device in ERROR until it reconnects. */

export interface HealthOptions {
  /** Rejected messages within `windowMs` that make a device ERROR. */
  threshold: number;
  windowMs: number;
}

export class DeviceHealth {
  private readonly recent = new Map<string, number[]>();
  private readonly failing = new Set<string>();
  private readonly opts: HealthOptions;

  constructor(opts: HealthOptions) {
    this.opts = opts;
  }

  /** Notes a rejected message at `now`; true exactly when this one tips the device into ERROR. */
  rejected(deviceId: string, now: number): boolean {
    if (this.failing.has(deviceId)) return false;
    const since = now - this.opts.windowMs;
    const times = (this.recent.get(deviceId) ?? []).filter((t) => t > since);
    times.push(now);
    if (times.length < this.opts.threshold) {
      this.recent.set(deviceId, times);
      return false;
    }
    this.recent.delete(deviceId);
    this.failing.add(deviceId);
    return true;
  }

  /** A fresh connection starts with a clean slate. */
  reset(deviceId: string): void {
    this.recent.delete(deviceId);
    this.failing.delete(deviceId);
  }
}
