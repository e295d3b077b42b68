/** A clock that only moves when told to, firing its timers as it passes them; for tests and simulations. */
import type { Clock, Timer } from "./index.ts";

interface Armed {
  at: number;
  /** The period of an interval; absent for a one-shot timer. */
  every?: number;
  run: () => void;
  order: number;
}

export class ManualClock implements Clock {
  private t: number;
  private readonly armed = new Set<Armed>();
  private order = 0;
  private firing = false;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** A timer already due (`ms` ≤ 0) runs in a microtask, as a real one would run soon without the clock moving. */
  after(ms: number, run: () => void): Timer {
    return this.arm({ at: this.t + Math.max(0, ms), run, order: this.order++ });
  }

  every(ms: number, run: () => void): Timer {
    if (!(ms > 0)) throw new RangeError("an interval needs a positive period");
    return this.arm({ at: this.t + ms, every: ms, run, order: this.order++ });
  }

  /**
   * Moves the clock forward, running each timer that falls due on the way at its own time, in time order.
   * A jump is a jump: an interval that missed several periods runs once, at the last of them (as a real
   * interval does after the machine slept), so a day's advance is not thousands of ticks.
   */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("a clock does not move back by advancing");
    this.fireUntil(this.t + ms);
  }

  /** Sets the time; moving forward fires the timers passed, moving back fires none. */
  set(ms: number): void {
    if (ms <= this.t) this.t = ms;
    else this.fireUntil(ms);
  }

  /** Timers armed and not yet run or cancelled. */
  get pending(): number {
    return this.armed.size;
  }

  private arm(timer: Armed): Timer {
    this.armed.add(timer);
    if (timer.at <= this.t) queueMicrotask(() => this.fireUntil(this.t));
    return { cancel: () => void this.armed.delete(timer) };
  }

  private fireUntil(target: number): void {
    // A timer's run that moves the clock itself must not re-enter this loop.
    if (this.firing) {
      this.t = Math.max(this.t, target);
      return;
    }
    this.firing = true;
    try {
      for (;;) {
        let next: { timer: Armed; at: number } | undefined;
        for (const timer of this.armed) {
          if (timer.at > target) continue;
          const at = timer.every
            ? timer.at + Math.floor((target - timer.at) / timer.every) * timer.every
            : timer.at;
          if (!next || at < next.at || (at === next.at && timer.order < next.timer.order))
            next = { timer, at };
        }
        if (!next) break;
        const { timer, at } = next;
        this.t = Math.max(this.t, at);
        if (timer.every) timer.at = at + timer.every;
        else this.armed.delete(timer);
        timer.run();
      }
      this.t = Math.max(this.t, target);
    } finally {
      this.firing = false;
    }
  }
}
