/** What heating tells people: safety trips and failures, at once even in quiet hours (a cold home is a safety matter). */
import { type ModuleNotifications, textDescribers } from "../module/index.ts";
import { HEATING_SAMPLES } from "./describer-samples.ts";
import { HEATING_DESCRIBERS } from "./describers.ts";

export const HEATING_NOTIFICATIONS = {
  categories: [
    { id: "heating.safety", label: "Heating safety and failures", defaultChannels: ["in_app", "email"] },
  ],
  describers: textDescribers(HEATING_DESCRIBERS, HEATING_SAMPLES, () => "heating.safety", [
    "heating.safety.tripped",
    "heating.failure.detected",
  ]),
} satisfies ModuleNotifications<unknown>;
