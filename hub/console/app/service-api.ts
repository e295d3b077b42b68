/** The console's typed client for the visit routes (hub module `service`; same session as api.ts). */
import { hc } from "hono/client";
import { bodyOf } from "../../../shared/ui/api.ts";
import type { ServiceRoutes } from "../../service/index.ts";
import { sessionFetch } from "./api.ts";

const api = hc<ServiceRoutes>(location.origin, { fetch: sessionFetch }).api.service;
const read = async <T>(pending: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await pending);
const byId = (id: string) => ({ param: { id } });

export const visits = {
  workOrders: () => read(api["work-orders"].$get()),
  checkIn: (workOrderId: string) => read(api["work-orders"][":id"]["check-in"].$post(byId(workOrderId))),
  snapshot: (visitId: string) => read(api.visits[":id"].snapshot.$post(byId(visitId))),
  note: (visitId: string, note: string) =>
    read(api.visits[":id"].notes.$post({ ...byId(visitId), json: { note } })),
  parts: (
    visitId: string,
    items: { kind: "PART" | "LABOUR"; description: string; quantity: number; unitPrice: number }[],
  ) => read(api.visits[":id"].parts.$post({ ...byId(visitId), json: { items } })),
  complete: (visitId: string, resolution: string) =>
    read(api.visits[":id"].complete.$post({ ...byId(visitId), json: { resolution } })),
};

export type ServiceWorkOrder = Awaited<ReturnType<typeof visits.workOrders>>["workOrders"][number];
export type ServiceVisit = ServiceWorkOrder["visits"][number];
