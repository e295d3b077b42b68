/** Per-device message rate: a generic cell rate algorithm that delays a fast device and drops a flood. */

export interface RateLimitOptions {
  /** Sustained messages per second per device. */
  ratePerSecond: number;
  /** Messages a device may send back to back before it is slowed. */
  burst: number;
  /** A message that would wait longer than this is refused and the device disconnected. */
  maxDelayMs: number;
  /** Monotonic milliseconds; traffic shaping is about real time, not the hub's domain clock. */
  now?: () => number;
}

export class DeviceRateLimiter {
  private readonly tat = new Map<string, number>();
  private readonly interval: number;
  private readonly opts: RateLimitOptions;
  private readonly now: () => number;

  constructor(opts: RateLimitOptions) {
    this.opts = opts;
    this.interval = 1000 / opts.ratePerSecond;
    this.now = opts.now ?? (() => performance.now());
  }

  /**
   * Reserves a slot for one message: 0 to handle it now, a delay in milliseconds to handle it
   * later, or null when the device is so far over its rate that the delay would exceed the limit.
   */
  reserve(deviceId: string): number | null {
    const t = this.now();
    // Theoretical arrival time: when the device's debt would be paid at the sustained rate.
    const next = Math.max(this.tat.get(deviceId) ?? t, t) + this.interval;
    const delay = Math.max(0, next - t - this.opts.burst * this.interval);
    if (delay > this.opts.maxDelayMs) return null;
    this.tat.set(deviceId, next);
    return delay;
  }

  forget(deviceId: string): void {
    this.tat.delete(deviceId);
  }
}
