/** Command delivery: at least once, on the device's command topic, until acknowledged or expired. */
import { eq } from "drizzle-orm";
import type { Clock, Timer } from "../../shared/clock/index.ts";
import { type Command, encodePayload } from "../../shared/protocol/index.ts";
import { devices, type HubDb } from "../db/index.ts";
import type { IngestMetrics } from "../ingest/index.ts";
import { ingestProfile } from "../ingest/profile.ts";
import type { Logger } from "../log.ts";
import {
  type CommandRow,
  devicesWithDueCommands,
  expireOverdue,
  markSent,
  openCommands,
} from "./commands.ts";

export interface DeliveryDeps {
  db: HubDb;
  clock: Clock;
  log: Logger;
  metrics: IngestMetrics;
  /** True when the device has a connection subscribed to its command topic. */
  isReady(deviceId: string): boolean;
  send(deviceId: string, payload: Uint8Array): Promise<void>;
  /** A SENT command without an acknowledgement is sent again after this long. */
  redeliverMs: number;
  /** How often to expire overdue commands and redeliver unacknowledged ones. */
  sweepMs: number;
}

export class CommandDelivery {
  private readonly chains = new Map<string, Promise<void>>();
  private timer: Timer | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly deps: DeliveryDeps;

  constructor(deps: DeliveryDeps) {
    this.deps = deps;
  }

  start(): void {
    this.timer = this.deps.clock.every(this.deps.sweepMs, () => {
      this.sweeping ??= this.sweep().finally(() => {
        this.sweeping = null;
      });
    });
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    await this.sweeping;
    await Promise.allSettled(this.chains.values());
  }

  /** The device has started listening: send it everything still open (a reconnect may have lost some). */
  deviceReady(deviceId: string): Promise<void> {
    return this.enqueue(deviceId, true);
  }

  /** A command was created: send it now if the device listens, otherwise it waits. */
  commandCreated(deviceId: string): Promise<void> {
    return this.deps.isReady(deviceId) ? this.enqueue(deviceId, false) : Promise.resolve();
  }

  // One delivery at a time per device, so a reconnect and a sweep do not interleave sends.
  private enqueue(deviceId: string, all: boolean): Promise<void> {
    const previous = this.chains.get(deviceId) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliver(deviceId, all))
      .catch((err) => this.deps.log.error("command delivery failed", { deviceId, error: String(err) }));
    this.chains.set(deviceId, next);
    void next.finally(() => {
      if (this.chains.get(deviceId) === next) this.chains.delete(deviceId);
    });
    return next;
  }

  private async deliver(deviceId: string, all: boolean): Promise<void> {
    const started = ingestProfile ? performance.now() : 0;
    try {
      await this.deliverNow(deviceId, all);
    } finally {
      ingestProfile?.add("deliver", performance.now() - started);
    }
  }

  private async deliverNow(deviceId: string, all: boolean): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await expireOverdue(db, now, deviceId);
    if (!this.deps.isReady(deviceId)) return;
    const due = now - this.deps.redeliverMs;
    const rows = (await openCommands(db, deviceId, now)).filter(
      (c) => all || c.status === "QUEUED" || (c.lastSentAt ?? 0) <= due,
    );
    if (rows.length === 0) return;
    const [device] = await db
      .select({ encoding: devices.encoding })
      .from(devices)
      .where(eq(devices.id, deviceId));
    const sent: string[] = [];
    for (const row of rows) {
      await this.deps.send(deviceId, encodePayload(toWire(row), device?.encoding ?? "cbor"));
      sent.push(row.id);
    }
    this.deps.metrics.commandsSent += sent.length;
    await markSent(db, sent, now);
  }

  private async sweep(): Promise<void> {
    const { db, clock, log } = this.deps;
    try {
      const now = clock.now();
      await expireOverdue(db, now);
      const ids = await devicesWithDueCommands(db, now - this.deps.redeliverMs, now);
      await Promise.all(ids.filter((id) => this.deps.isReady(id)).map((id) => this.enqueue(id, false)));
    } catch (err) {
      log.error("command sweep failed", { error: String(err) });
    }
  }
}

function toWire(row: CommandRow): Command {
  return { id: row.id, name: row.name, args: row.args, issuedAt: row.createdAt, expiresAt: row.expiresAt };
}
