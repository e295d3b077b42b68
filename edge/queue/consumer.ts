/** The queue consumer: validate each message, dispatch it through the routing table, ack or retry. */
import { AppError } from "../../shared/errors/index.ts";
import { type EventEnvelope, parseEvent } from "../../shared/events/index.ts";
import type { DeadLetters } from "./dead-letters.ts";
import { type EventRoute, type HandlerDeps, handlersFor } from "./routes.ts";

export interface ConsumerDeps {
  routes: readonly EventRoute[];
  handlerDeps: HandlerDeps;
  deadLetters: DeadLetters;
  now: () => number;
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
 * Messages are handled one by one. An invalid message can never succeed, so it goes to the dead-letter
 * queue with its reason and is acked; a handler failure is transient, so the message is retried with
 * backoff (after max_retries Cloudflare moves it to the same dead-letter queue). Handlers are idempotent,
 * so a retry that re-runs a handler which had already succeeded is harmless.
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
    await deadLetter(queue, message, deps, e);
    return;
  }
  try {
    for (const handler of handlersFor(event.type, deps.routes)) await handler.handle(event, deps.handlerDeps);
    message.ack();
  } catch (err) {
    log("event handler failed", { queue, messageId: message.id, eventId: event.id, type: event.type, err });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

async function deadLetter(
  queue: string,
  message: QueueMessage,
  deps: ConsumerDeps,
  err: AppError,
): Promise<void> {
  try {
    await deps.deadLetters.send({
      reason: err.message,
      details: err.details,
      queue,
      messageId: message.id,
      attempts: message.attempts,
      body: message.body,
      deadAt: new Date(deps.now()).toISOString(),
    });
    message.ack();
  } catch (sendErr) {
    // Not parked yet: keep the message rather than lose it.
    log("dead-letter send failed", { queue, messageId: message.id, err: sendErr });
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
