/** The dispensing module's HTTP routes: catalog, dispensers, stock, orders at the point of sale, sales. */
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { principal } from "../api/guard.ts";
import { dispensingCodes as codes, dispensingRedemptions as redemptions } from "../db/index.ts";
import { allow, type HubModuleContext, moduleRoutes } from "../module/index.ts";
import {
  createProduct,
  listDispensers,
  listProducts,
  moveStock,
  productPatchSchema,
  productSchema,
  setSlots,
  slotsSchema,
  stockMoveSchema,
  updateProduct,
} from "./catalog.ts";
import {
  closeOrder,
  createOrder,
  getOrder,
  listOrders,
  orderSchema,
  payOrder,
  paySchema,
  reissueCode,
} from "./orders.ts";
import { salesReport } from "./sales.ts";

/** The order with its newest code (the POS shows it as a QR) and whether that code was spent. */
async function orderView(ctx: HubModuleContext, id: string) {
  const order = await getOrder(ctx.db, id);
  const [code] = await ctx.db
    .select()
    .from(codes)
    .where(eq(codes.orderId, id))
    .orderBy(desc(codes.expiresAt))
    .limit(1);
  const [spent] = code
    ? await ctx.db.select().from(redemptions).where(eq(redemptions.codeId, code.id))
    : [undefined];
  return {
    order,
    code: code && {
      id: code.id,
      token: code.token,
      expiresAt: code.expiresAt,
      revoked: code.revoked,
      spent: spent !== undefined,
      outcome: spent?.outcome ?? null,
    },
  };
}

export function dispensingRoutes(ctx: HubModuleContext) {
  const deps = { db: ctx.db, clock: ctx.clock, source: ctx.source };
  const by = (c: Parameters<typeof principal>[0]) => principal(c).name;
  return moduleRoutes()
    .get("/api/dispensing/products", allow("read"), async (c) =>
      c.json({ products: await listProducts(ctx.db) }),
    )
    .post("/api/dispensing/products", allow("admin", { json: productSchema }), async (c) =>
      c.json(await createProduct(deps, c.req.valid("json")), 201),
    )
    .patch("/api/dispensing/products/:id", allow("admin", { json: productPatchSchema }), async (c) =>
      c.json(await updateProduct(deps, c.req.param("id"), c.req.valid("json"), by(c))),
    )
    .get("/api/dispensing/dispensers", allow("read"), async (c) =>
      c.json({ dispensers: await listDispensers(ctx.db) }),
    )
    .put("/api/dispensing/dispensers/:id/slots", allow("admin", { json: slotsSchema }), async (c) =>
      c.json(await setSlots(ctx.db, c.req.param("id"), c.req.valid("json"))),
    )
    .post("/api/dispensing/stock", allow("operate", { json: stockMoveSchema }), async (c) =>
      c.json(await moveStock(deps, c.req.valid("json"), by(c))),
    )
    .get(
      "/api/dispensing/orders",
      allow("read", { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) }),
      async (c) => c.json({ orders: await listOrders(ctx.db, c.req.valid("query").limit) }),
    )
    .post("/api/dispensing/orders", allow("operate", { json: orderSchema }), async (c) =>
      c.json(await createOrder(deps, c.req.valid("json"), by(c)), 201),
    )
    .get("/api/dispensing/orders/:id", allow("read"), async (c) =>
      c.json(await orderView(ctx, c.req.param("id"))),
    )
    .post("/api/dispensing/orders/:id/pay", allow("operate", { json: paySchema }), async (c) =>
      c.json(await payOrder(deps, c.req.param("id"), c.req.valid("json"), by(c))),
    )
    .post("/api/dispensing/orders/:id/code", allow("operate"), async (c) =>
      c.json(await reissueCode(deps, c.req.param("id"))),
    )
    .post("/api/dispensing/orders/:id/cancel", allow("operate"), async (c) =>
      c.json(await closeOrder(deps, c.req.param("id"), "CANCELLED", by(c))),
    )
    .post("/api/dispensing/orders/:id/refund", allow("admin"), async (c) =>
      c.json(await closeOrder(deps, c.req.param("id"), "REFUNDED", by(c))),
    )
    .get("/api/dispensing/sales", allow("read"), async (c) =>
      c.json(await salesReport(ctx.db, ctx.clock.now())),
    );
}

export type DispensingRoutes = ReturnType<typeof dispensingRoutes>;
