/**
 * Sends a command a device hook created as soon as its write commits (a hook returns statements and cannot
 * wait for the commit itself); without this the command would wait for the next delivery sweep.
 */
import { inArray } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { commands, type HubDb } from "../db/index.ts";
import type { IngestWriter } from "../ingest/writer.ts";
import type { HubModuleContext } from "../module/index.ts";

const FORGET_AFTER_MS = 10_000;

class Nudger {
  private readonly waiting = new Map<string, { deviceId: string; since: number }>();
  private readonly db: HubDb;
  private readonly clock: Clock;
  private readonly send: (deviceId: string) => Promise<void>;
  constructor(db: HubDb, clock: Clock, send: (deviceId: string) => Promise<void>) {
    this.db = db;
    this.clock = clock;
    this.send = send;
  }

  expect(commandId: string, deviceId: string): void {
    this.waiting.set(commandId, { deviceId, since: this.clock.now() });
  }

  async committed(): Promise<void> {
    if (this.waiting.size === 0) return;
    const ids = [...this.waiting.keys()];
    const found = await this.db.select({ id: commands.id }).from(commands).where(inArray(commands.id, ids));
    const devices = new Set<string>();
    for (const { id } of found) {
      const w = this.waiting.get(id);
      if (w) devices.add(w.deviceId);
      this.waiting.delete(id);
    }
    // A command whose write failed (or lost the race) never appears: forget it after a while.
    const old = this.clock.now() - FORGET_AFTER_MS;
    for (const [id, w] of this.waiting) if (w.since < old) this.waiting.delete(id);
    await Promise.all([...devices].map((d) => this.send(d)));
  }
}

const nudgers = new WeakMap<IngestWriter, Nudger>();

/** Called once per hub (from the module's timers): listens to the writer's commits. */
export function installNudger(ctx: HubModuleContext): void {
  if (nudgers.has(ctx.writer)) return;
  const nudger = new Nudger(ctx.db, ctx.clock, (d) => ctx.commandCreated(d));
  nudgers.set(ctx.writer, nudger);
  ctx.writer.onCommitted(() => {
    nudger.committed().catch((err) => ctx.log.error("dispensing nudge failed", { error: String(err) }));
  });
}

export function expectCommand(writer: IngestWriter, commandId: string, deviceId: string): void {
  nudgers.get(writer)?.expect(commandId, deviceId);
}
