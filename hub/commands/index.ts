/** Commands hub → device: queued in SQLite, delivered at least once until acknowledged or expired. */
export {
  ackStatement,
  type CommandRow,
  createCommand,
  createCommandSchema,
  getCommand,
  isCommandOf,
  listCommands,
  listCommandsSchema,
  pendingCommandCount,
} from "./commands.ts";
export { CommandDelivery, type DeliveryDeps } from "./delivery.ts";
