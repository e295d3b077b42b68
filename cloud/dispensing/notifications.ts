/** What dispensing tells people: low stock and dispenser faults (a failed dispense needs a refund or a new code). */
import { type ModuleNotifications, textDescribers } from "../module/index.ts";
import { DISPENSING_DESCRIBERS } from "./describers.ts";
import { DISPENSING_SAMPLES } from "./event-samples.ts";

export const DISPENSING_NOTIFICATIONS = {
  categories: [
    { id: "dispensing.stock", label: "Low stock and dispenser faults", defaultChannels: ["in_app", "email"] },
  ],
  describers: textDescribers(DISPENSING_DESCRIBERS, DISPENSING_SAMPLES, () => "dispensing.stock"),
} satisfies ModuleNotifications<unknown>;
