/** The cloud bus consumer: routing by pattern, dispatcher and dead letters. */
export {
  backoffSeconds,
  type ConsumerDeps,
  consumeEvents,
  MAX_ATTEMPTS,
  type QueueMessage,
} from "./consumer.ts";
export { type DeadLetter, type DeadLetters, queueDeadLetters } from "./dead-letters.ts";
export { consumersFor, matchesPattern } from "./routes.ts";
