/**
 * The queue consumer: validate each message, hand it to every consumer whose pattern matches, ack or retry.
 *
 * One queue serves every module. What keeps modules apart is `consumeOnce`: each consumer records the event in
 * its own module's processed_events with its effect, so a redelivery (because another consumer failed) skips
 * what already applied. A consumer still failing after MAX_ATTEMPTS deliveries is dead-lettered alone, with
 * its module and reason, and the message is acked. One queue rather than one per module: a module is then
 * added without queue bindings in both wrangler.toml blocks and the Deno entry, and Queues' batching and
 * concurrency serve every consumer.
 */
import type { BoundConsumer } from "../../cloud/module/registry.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type EventEnvelope, parseEvent } from "../../shared/events/index.ts";
import type { DeadLetter, DeadLetters } from "./dead-letters.ts";
import { consumersFor } from "./routes.ts";

/** Deliveries before a failing consumer is given up on (below wrangler.toml's max_retries, which has no reason). */
export const MAX_ATTEMPTS = 6;

export interface ConsumerDeps {
  consumers: readonly BoundConsumer[];
  deadLetters: DeadLetters;
  now: () => number;
  /** Seconds before a failed message comes back (default: backoffSeconds). */
  backoff?: (attempts: number) => number;
}

/** The part of a queue message the consumer needs (a Cloudflare `Message` fits). */
export interface QueueMessage {
  readonly id: string;
  readonly attempts: number;
  readonly body: unknown;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/**
 * Messages are handled one by one. An invalid message can never succeed, so it goes to the dead letters with
 * its reason and is acked. Every matching consumer runs, whatever another one did; if any failed the message is
 * retried with backoff (the others skip it then), until MAX_ATTEMPTS.
 */
export async function consumeEvents(
  batch: { queue: string; messages: readonly QueueMessage[] },
  deps: ConsumerDeps,
): Promise<void> {
  for (const message of batch.messages) await consumeOne(batch.queue, message, deps);
}

async function consumeOne(queue: string, message: QueueMessage, deps: ConsumerDeps): Promise<void> {
  let event: EventEnvelope;
  try {
    event = parseEvent(message.body);
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError("VALIDATION_ERROR", String(err));
    await settle(message, deps, [letter(queue, message, deps, { reason: e.message, details: e.details })]);
    return;
  }
  const failures: { consumer: BoundConsumer; err: unknown }[] = [];
  for (const consumer of consumersFor(event.type, deps.consumers)) {
    try {
      await consumer.handle(event);
    } catch (err) {
      failures.push({ consumer, err });
      log("event consumer failed", {
        queue,
        messageId: message.id,
        eventId: event.id,
        consumer: consumer.name,
        err,
      });
    }
  }
  if (failures.length === 0) return message.ack();
  const backoff = deps.backoff ?? backoffSeconds;
  if (message.attempts < MAX_ATTEMPTS) return message.retry({ delaySeconds: backoff(message.attempts) });
  await settle(
    message,
    deps,
    failures.map(({ consumer, err }) =>
      letter(queue, message, deps, {
        reason: `${consumer.name} failed ${message.attempts} times: ${String(err)}`,
        module: consumer.module,
        consumer: consumer.name,
      }),
    ),
  );
}

function letter(
  queue: string,
  message: QueueMessage,
  deps: ConsumerDeps,
  why: Pick<DeadLetter, "reason" | "details" | "module" | "consumer">,
): DeadLetter {
  return {
    ...why,
    queue,
    messageId: message.id,
    attempts: message.attempts,
    body: message.body,
    deadAt: new Date(deps.now()).toISOString(),
  };
}

/** Parks the letters and acks; if the dead letters cannot take them, the message is kept (retried), never lost. */
async function settle(message: QueueMessage, deps: ConsumerDeps, letters: DeadLetter[]): Promise<void> {
  try {
    for (const l of letters) await deps.deadLetters.send(l);
    message.ack();
  } catch (sendErr) {
    log("dead-letter send failed", { messageId: message.id, err: sendErr });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

/** 2, 4, 8 … seconds, at most 5 minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}

function log(message: string, fields: Record<string, unknown> & { err: unknown }): void {
  const { err, ...rest } = fields;
  console.error(JSON.stringify({ level: "error", message, ...rest, error: String(err) }));
}
