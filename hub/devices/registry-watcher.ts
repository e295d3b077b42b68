/** Notices registry changes made by any writer of the SQLite file, this process or another (the CLI). */
import { gt, max } from "drizzle-orm";
import type { DeviceStatus } from "../../shared/protocol/index.ts";
import { devices, type HubDb } from "../db/index.ts";
import type { Logger } from "../log.ts";

export interface RegistryChange {
  id: string;
  status: DeviceStatus;
  secretHash: string;
}

export interface WatcherDeps {
  db: HubDb;
  log: Logger;
  /** How often to look; a change made elsewhere takes effect within this. */
  pollMs: number;
  onChange(changes: RegistryChange[]): Promise<void>;
}

export class RegistryWatcher {
  private seen = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly deps: WatcherDeps;

  constructor(deps: WatcherDeps) {
    this.deps = deps;
  }

  /** Takes the current version as the baseline, then polls. */
  async start(): Promise<void> {
    const [row] = await this.deps.db.select({ v: max(devices.registryVersion) }).from(devices);
    this.seen = row?.v ?? 0;
    this.timer = setInterval(() => void this.check().catch(() => {}), this.deps.pollMs);
    this.timer.unref();
  }

  /**
   * Looks now, and resolves once a look that began after this call has applied what it found. A call
   * during a look waits for one more (that look may have read before the caller's change); every
   * call meanwhile shares it.
   */
  check(): Promise<void> {
    if (!this.running) {
      this.running = this.look().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.check();
      });
    return this.queued;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queued?.catch(() => {});
    await this.running?.catch(() => {});
  }

  private async look(): Promise<void> {
    const rows = await this.deps.db
      .select({
        id: devices.id,
        status: devices.status,
        secretHash: devices.secretHash,
        v: devices.registryVersion,
      })
      .from(devices)
      .where(gt(devices.registryVersion, this.seen));
    if (rows.length === 0) return;
    this.seen = Math.max(this.seen, ...rows.map((r) => r.v));
    try {
      await this.deps.onChange(rows.map(({ v: _v, ...r }) => r));
    } catch (err) {
      this.deps.log.error("applying registry changes failed", { error: String(err) });
    }
  }
}
