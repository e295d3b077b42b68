/**
 * Opt-in timing of the ingest path (OUTPOST_PROFILE_INGEST=1): where a write's time goes between its
 * submit and its commit, per phase, with GC pauses and event-loop delay beside; printed as one JSON line
 * on stderr at exit. Off, it costs one null check per batch.
 */
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

export type Phase = "wait" | "prepare" | "build" | "exec" | "commit" | "apply" | "listeners";

class Samples {
  readonly values: number[] = [];
  add(ms: number) {
    this.values.push(ms);
  }
  summary() {
    const s = [...this.values].sort((a, b) => a - b);
    const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
    const r = (n: number) => Math.round(n * 100) / 100;
    const total = s.reduce((a, b) => a + b, 0);
    return { n: s.length, p50: r(at(0.5)), p99: r(at(0.99)), max: r(s.at(-1) ?? 0), totalMs: r(total) };
  }
}

export class IngestProfile {
  private readonly phases = new Map<string, Samples>();
  private readonly eld = monitorEventLoopDelay({ resolution: 1 });
  private readonly gc = new Samples();
  private readonly batchSize = new Samples();
  private readonly started = performance.now();

  constructor() {
    this.eld.enable();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.gc.add(e.duration);
    }).observe({ entryTypes: ["gc"] });
    process.on("exit", () => process.stderr.write(`${JSON.stringify({ ingestProfile: this.summary() })}\n`));
  }

  /** `ms` spent in `phase`; `alarm` files it under the batches that raised or cleared an alarm too. */
  add(phase: Phase | "submitToCommit" | "eventHooks" | "deliver", ms: number, alarm = false): void {
    const key = (k: string) => {
      let s = this.phases.get(k);
      if (!s) {
        s = new Samples();
        this.phases.set(k, s);
      }
      return s;
    };
    key(phase).add(ms);
    if (alarm) key(`${phase}[alarm]`).add(ms);
  }

  batch(size: number): void {
    this.batchSize.add(size);
  }

  summary() {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      seconds: Math.round((performance.now() - this.started) / 1000),
      batchSize: this.batchSize.summary(),
      phases: Object.fromEntries([...this.phases].map(([k, s]) => [k, s.summary()])),
      gc: this.gc.summary(),
      eventLoopDelay: {
        p50: ms(this.eld.percentile(50)),
        p99: ms(this.eld.percentile(99)),
        max: ms(this.eld.max),
      },
    };
  }
}

/** The process's profile, or null when OUTPOST_PROFILE_INGEST is unset. */
export const ingestProfile: IngestProfile | null = process.env.OUTPOST_PROFILE_INGEST
  ? new IngestProfile()
  : null;
