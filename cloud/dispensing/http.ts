/**
 * Owner app routes: the site's catalog and prices (the owner sets them), online orders (any member buys; priced
 * here, paid through billing), stock, orders, and sales across the site's hubs (owner and maintainers).
 */
import { Hono } from "hono";
import { catalogProduct } from "../../shared/dispensing/index.ts";
import { type SiteRole, STAFF_ROLES } from "../../shared/roles/index.ts";
import { type AppEnv, currentUser, type RequireUser, readJson } from "../http/index.ts";
import {
  createOnlineOrder,
  type DispensingDeps,
  getOrder,
  listOrders,
  listProducts,
  onlineOrderSchema,
  putProduct,
  requireMember,
  stockOf,
} from "./orders.ts";
import { siteSales } from "./sales.ts";

export function dispensingHttp(deps: DispensingDeps & { requireUser: RequireUser }) {
  const member = async (c: Parameters<typeof currentUser>[0], roles?: readonly SiteRole[]) => {
    const user = currentUser(c);
    if (roles) await deps.memberRole(c.req.param("siteId")!, user.id, roles);
    else await requireMember(deps, c.req.param("siteId")!, user.id);
    return user;
  };
  return new Hono<AppEnv>()
    .get("/v1/sites/:siteId/dispensing/products", deps.requireUser, async (c) => {
      await member(c);
      return c.json({ products: await listProducts(deps, c.req.param("siteId")) });
    })
    .put("/v1/sites/:siteId/dispensing/products/:productId", deps.requireUser, async (c) => {
      // Prices are the site's configuration: its owner sets them (they reach the hubs as desired state).
      await member(c, ["OWNER"]);
      const body = await readJson(c, catalogProduct.omit({ id: true }));
      return c.json(await putProduct(deps, c.req.param("siteId"), { ...body, id: c.req.param("productId") }));
    })
    .post("/v1/sites/:siteId/dispensing/orders", deps.requireUser, async (c) => {
      const user = await member(c);
      const body = await readJson(c, onlineOrderSchema);
      return c.json(await createOnlineOrder(deps, c.req.param("siteId"), user.id, body), 201);
    })
    .get("/v1/sites/:siteId/dispensing/orders", deps.requireUser, async (c) => {
      await member(c);
      return c.json({ orders: await listOrders(deps, c.req.param("siteId")) });
    })
    .get("/v1/sites/:siteId/dispensing/orders/:orderId", deps.requireUser, async (c) => {
      const user = await member(c);
      const order = await getOrder(deps, c.req.param("siteId"), c.req.param("orderId"));
      // The code is the buyer's: another member sees the order, not the token.
      if (order.accountId && order.accountId !== user.id) return c.json({ ...order, token: null });
      return c.json(order);
    })
    .get("/v1/sites/:siteId/dispensing/sales", deps.requireUser, async (c) => {
      await member(c, STAFF_ROLES);
      return c.json(await siteSales(deps, c.req.param("siteId")));
    })
    .get("/v1/sites/:siteId/dispensing/stock", deps.requireUser, async (c) => {
      await member(c);
      return c.json({ stock: await stockOf(deps, c.req.param("siteId")) });
    });
}

export type DispensingHttp = ReturnType<typeof dispensingHttp>;
