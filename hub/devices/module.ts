/** The devices module's manifest: pairing, the registry, the device log, commands, and device faults. */
import { FAULT_CLEARED_EVENT, FAULT_EVENT } from "../../shared/protocol/index.ts";
import { commands, deviceLogs, devices } from "../db/index.ts";
import { defineHubModule } from "../module/manifest.ts";
import { devicesSection } from "./devices-section.ts";
import { clearErrorStatement, statusStatement } from "./registry.ts";
import { deviceRoutes } from "./routes.ts";

export const devicesModule = defineHubModule({
  name: "devices",
  tables: [devices, deviceLogs, commands],
  routes: deviceRoutes,
  sections: [devicesSection],
  // A device says it is faulty or well again: its status follows, in the same write as its log line.
  deviceEvents: [
    {
      kinds: "any",
      name: FAULT_EVENT,
      handle: (ctx, { device, receivedAt }) => [statusStatement(ctx.db, device.id, "ERROR", receivedAt)],
    },
    {
      kinds: "any",
      name: FAULT_CLEARED_EVENT,
      handle: (ctx, { device }) => [clearErrorStatement(ctx.db, device.id)],
    },
  ],
});
