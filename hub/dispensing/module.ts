/** The dispensing module (seed 001): products, dispensers, stock, orders and offline QR redemption. */
import {
  dispensingCodes,
  dispensingInventory,
  dispensingOrders,
  dispensingProducts,
  dispensingRedemptions,
  dispensingScans,
  dispensingSlots,
  dispensingStockMoves,
} from "../db/index.ts";
import { defineHubModule } from "../module/index.ts";
import { ackStatements } from "./ack.ts";
import { ensureHubQrKey } from "./keys.ts";
import { installNudger } from "./nudge.ts";
import { scanStatements } from "./redeem.ts";
import { dispensingRoutes } from "./routes.ts";
import { dispensingSections } from "./section.ts";

export const dispensingModule = defineHubModule({
  name: "dispensing",
  tables: [
    dispensingProducts,
    dispensingInventory,
    dispensingSlots,
    dispensingStockMoves,
    dispensingOrders,
    dispensingCodes,
    dispensingRedemptions,
    dispensingScans,
  ],
  routes: dispensingRoutes,
  sections: dispensingSections,
  deviceEvents: [{ kinds: ["DISPENSER"], name: "scan", handle: scanStatements }],
  commandAcks: [{ kinds: ["DISPENSER"], handle: ackStatements }],
  timers: (ctx) => {
    installNudger(ctx);
    // The hub has its QR key from its first start, claimed or not.
    void ensureHubQrKey(ctx.db).catch((err) => ctx.log.error("QR key", { error: String(err) }));
    return [];
  },
});
