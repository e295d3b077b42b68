/** The cloud bus consumer: routing table, dispatcher and dead letters. */
export { backoffSeconds, type ConsumerDeps, consumeEvents, type QueueMessage } from "./consumer.ts";
export { type DeadLetter, type DeadLetters, queueDeadLetters } from "./dead-letters.ts";
export {
  EVENT_ROUTES,
  type EventHandler,
  type EventRoute,
  type HandlerDeps,
  handlersFor,
  matchesPattern,
} from "./routes.ts";
