/** The console's typed client for the dispensing module's routes (same session as api.ts). */
import { hc } from "hono/client";
import { bodyOf } from "../../../shared/ui/api.ts";
import type { DispensingRoutes } from "../../dispensing/index.ts";
import { sessionFetch } from "./api.ts";

const api = hc<DispensingRoutes>(location.origin, { fetch: sessionFetch }).api.dispensing;
const read = async <T>(pending: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await pending);
const byId = (id: string) => ({ param: { id } });

export const counter = {
  products: async () => (await read(api.products.$get())).products,
  dispensers: async () => (await read(api.dispensers.$get())).dispensers,
  sales: () => read(api.sales.$get()),
  order: (items: { productId: string; quantity: number }[]) => read(api.orders.$post({ json: { items } })),
  pay: (id: string, payment: "CASH" | "CARD") =>
    read(api.orders[":id"].pay.$post({ ...byId(id), json: { payment } })),
  view: (id: string) => read(api.orders[":id"].$get(byId(id))),
  cancel: (id: string) => read(api.orders[":id"].cancel.$post(byId(id))),
  newCode: (id: string) => read(api.orders[":id"].code.$post(byId(id))),
  restock: (input: { productId: string; delta: number; deviceId?: string; slot?: number }) =>
    read(api.stock.$post({ json: { ...input, reason: "restock" } })),
};

export type Product = Awaited<ReturnType<typeof counter.products>>[number];
export type Dispenser = Awaited<ReturnType<typeof counter.dispensers>>[number];
