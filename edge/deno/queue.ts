/**
 * The in-process event bus of the Deno entry, with Cloudflare Queues' semantics: a publish resolves once
 * the events are durably stored (a SQLite file), delivery is at least once in batches, a retried message
 * comes back after its delay, and one that still fails after `maxRetries` is parked as a dead letter.
 */
import type { EventBus } from "../../cloud/bus/index.ts";
import type { Clock, Timer } from "../../shared/clock/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { DeadLetter, DeadLetters, QueueMessage } from "../queue/index.ts";
import type { SyncSqlite } from "./runtime.ts";

export interface LocalQueueOptions {
  db: SyncSqlite;
  name: string;
  clock: Clock;
  consume(batch: { queue: string; messages: readonly QueueMessage[] }): Promise<void>;
  deadLetters: DeadLetters;
  /** As wrangler.toml's consumer: max_batch_size and max_retries. */
  maxBatchSize?: number;
  maxRetries?: number;
}

export interface LocalQueue {
  bus: EventBus;
  /** Resolves when no message is ready for delivery (those waiting out a retry delay do not count). */
  drained(): Promise<void>;
  close(): void;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS queue_messages (
  id TEXT PRIMARY KEY, queue TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL,
  visible_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS queue_messages_ready ON queue_messages (queue, visible_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  id TEXT PRIMARY KEY, queue TEXT NOT NULL, message_id TEXT NOT NULL, reason TEXT NOT NULL, letter TEXT NOT NULL);`;

/** Dead letters in the same file as the queue, with their reason. */
export function sqliteDeadLetters(db: SyncSqlite): DeadLetters {
  db.exec(SCHEMA);
  return {
    async send(letter: DeadLetter) {
      db.prepare(
        "INSERT INTO dead_letters (id, queue, message_id, reason, letter) VALUES (?, ?, ?, ?, ?)",
      ).run(uuidv7(), letter.queue, letter.messageId, letter.reason, JSON.stringify(letter));
    },
  };
}

export function localQueue(options: LocalQueueOptions): LocalQueue {
  const { db, name, clock } = options;
  const maxBatchSize = options.maxBatchSize ?? 50;
  const maxRetries = options.maxRetries ?? 8;
  db.exec(SCHEMA);
  const insert = db.prepare(
    "INSERT INTO queue_messages (id, queue, body, attempts, visible_at, created_at) VALUES (?, ?, ?, 0, ?, ?)",
  );
  const ready = db.prepare(
    "SELECT id, body, attempts FROM queue_messages WHERE queue = ? AND visible_at <= ? ORDER BY created_at, id LIMIT ?",
  );
  const nextVisible = db.prepare("SELECT min(visible_at) AS at FROM queue_messages WHERE queue = ?");
  const remove = db.prepare("DELETE FROM queue_messages WHERE id = ?");
  const later = db.prepare("UPDATE queue_messages SET attempts = ?, visible_at = ? WHERE id = ?");

  let running: Promise<void> | undefined;
  let again = false;
  let timer: Timer | undefined;
  let closed = false;

  const pump = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        while (await deliverOnce()) {}
      } while (again);
    })().finally(() => {
      running = undefined;
      schedule();
    });
    return running;
  };

  // Wakes the pump when the earliest delayed message becomes visible.
  const schedule = () => {
    timer?.cancel();
    if (closed) return;
    const row = nextVisible.raw(false).all(name)[0] as { at: number | null } | undefined;
    if (row?.at == null) return;
    timer = clock.after(row.at - clock.now(), () => void pump());
  };

  const deliverOnce = async (): Promise<boolean> => {
    const now = clock.now();
    const rows = ready.raw(false).all(name, now, maxBatchSize) as {
      id: string;
      body: string;
      attempts: number;
    }[];
    if (rows.length === 0) return false;
    const decisions = new Map<string, { retry: boolean; delaySeconds?: number }>();
    const messages: QueueMessage[] = rows.map((row) => ({
      id: row.id,
      attempts: row.attempts + 1,
      body: JSON.parse(row.body) as unknown,
      ack: () => decisions.set(row.id, { retry: false }),
      retry: (o) =>
        decisions.set(row.id, { retry: true, ...(o?.delaySeconds ? { delaySeconds: o.delaySeconds } : {}) }),
    }));
    let failed = false;
    try {
      await options.consume({ queue: name, messages });
    } catch (err) {
      failed = true;
      console.error(
        JSON.stringify({ level: "error", message: "queue consumer failed", queue: name, error: String(err) }),
      );
    }
    for (const message of messages) {
      // As in Workers: a message neither acked nor retried is acked if the handler returned, retried if it threw.
      const decision = decisions.get(message.id) ?? { retry: failed };
      if (!decision.retry) {
        remove.run(message.id);
      } else if (message.attempts > maxRetries) {
        await options.deadLetters.send({
          reason: `delivery failed ${message.attempts} times`,
          queue: name,
          messageId: message.id,
          attempts: message.attempts,
          body: message.body,
          deadAt: new Date(clock.now()).toISOString(),
        });
        remove.run(message.id);
      } else {
        later.run(message.attempts, clock.now() + (decision.delaySeconds ?? 0) * 1000, message.id);
      }
    }
    return true;
  };

  // Messages left by a previous run are delivered after start.
  queueMicrotask(() => void pump());

  return {
    bus: {
      async publish(events) {
        const now = clock.now();
        db.transaction(() => {
          for (const event of events) insert.run(uuidv7(now), name, JSON.stringify(event), now, now);
        })();
        void pump();
      },
    },
    async drained() {
      while (running) await running;
    },
    close() {
      closed = true;
      timer?.cancel();
    },
  };
}
