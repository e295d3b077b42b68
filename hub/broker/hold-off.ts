/**
 * Hold-off for devices disconnected for flooding: a device that reconnects at once would flood
 * again with a fresh burst, so it is refused (CONNACK 3, "retry with back-off") for an interval
 * that doubles with each offence and is forgotten after a quiet spell.
 */
export interface HoldOffOptions {
  firstMs: number;
  maxMs: number;
  /** An offence this long after the last one starts again from `firstMs`. */
  forgetAfterMs: number;
  now?: () => number;
}

export class HoldOff {
  private readonly offences = new Map<string, { until: number; intervalMs: number; at: number }>();
  private readonly opts: HoldOffOptions;
  private readonly now: () => number;

  constructor(opts: HoldOffOptions) {
    this.opts = opts;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Records an offence; returns how long the device is now held off. */
  offended(deviceId: string): number {
    const t = this.now();
    const last = this.offences.get(deviceId);
    const fresh = !last || t - last.at > this.opts.forgetAfterMs;
    const intervalMs = fresh ? this.opts.firstMs : Math.min(last.intervalMs * 2, this.opts.maxMs);
    this.offences.set(deviceId, { until: t + intervalMs, intervalMs, at: t });
    return intervalMs;
  }

  /** Milliseconds the device must still wait before it may connect; 0 when it may. */
  remaining(deviceId: string): number {
    const o = this.offences.get(deviceId);
    if (!o) return 0;
    const t = this.now();
    if (t - o.at > this.opts.forgetAfterMs) this.offences.delete(deviceId);
    return Math.max(0, o.until - t);
  }
}
