/** Dead letters: messages a consumer can never process, parked with the reason (design: Events). */

export interface DeadLetter {
  reason: string;
  details?: unknown;
  /** The module and consumer that gave up on the message; absent when the message itself is invalid. */
  module?: string;
  consumer?: string;
  queue: string;
  messageId: string;
  attempts: number;
  body: unknown;
  deadAt: string;
}

export interface DeadLetters {
  send(letter: DeadLetter): Promise<void>;
}

/** Dead letters over a Cloudflare Queue producer (the same queue the consumer's dead_letter_queue names). */
export function queueDeadLetters(queue: Queue<DeadLetter>): DeadLetters {
  return { send: (letter) => queue.send(letter, { contentType: "json" }).then(() => undefined) };
}
