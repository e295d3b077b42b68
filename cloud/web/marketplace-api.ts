/**
 * The owner app's calls to the marketplace module. Answers are typed from the module's verbs (type-only
 * imports); the routes read their input with readJson, so these go through the shared authed fetch, not `hc`.
 */
import type { listBids } from "../marketplace/bids.ts";
import type { myProviders } from "../marketplace/providers.ts";
import type { providerInbox, requestView } from "../marketplace/requests.ts";
import type { PRIORITIES, SERVICE_TYPES } from "../marketplace/schema.ts";
import type { listWorkOrders, workOrderView } from "../marketplace/work-orders.ts";
import { authedFetch } from "./api.ts";

type R<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
export type ServiceRequest = ReturnType<typeof requestView>;
export type InboxRequest = R<typeof providerInbox>[number];
export type Bid = R<typeof listBids>[number];
export type WorkOrderRow = R<typeof listWorkOrders>[number];
export type WorkOrder = R<typeof workOrderView>;
export type MyProvider = R<typeof myProviders>[number];
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type Priority = (typeof PRIORITIES)[number];
/** The module's lists, repeated here so the page bundle does not pull in the database schema. */
export const SERVICE_TYPE_LIST: readonly ServiceType[] = [
  "REFRIGERATION",
  "HEATING",
  "DISPENSERS",
  "ELECTRICAL",
  "PLUMBING",
];
export const PRIORITY_LIST: readonly Priority[] = ["LOW", "NORMAL", "HIGH", "URGENT"];

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authedFetch(`${location.origin}/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
const m = "/marketplace";

export const marketplace = {
  siteRequests: async (siteId: string) =>
    (await call<{ requests: ServiceRequest[] }>("GET", `${m}/sites/${siteId}/requests`)).requests,
  siteWorkOrders: async (siteId: string) =>
    (await call<{ workOrders: WorkOrderRow[] }>("GET", `${m}/sites/${siteId}/work-orders`)).workOrders,
  setServiceSite: (siteId: string, body: { latitude: number; longitude: number; autoRequests: boolean }) =>
    call<unknown>("PUT", `${m}/sites/${siteId}`, body),
  openRequest: (body: {
    siteId: string;
    equipmentId: string;
    serviceType: ServiceType;
    title: string;
    description: string;
    priority: Priority;
  }) => call<ServiceRequest>("POST", `${m}/requests`, body),
  request: (id: string) => call<ServiceRequest>("GET", `${m}/requests/${id}`),
  cancelRequest: (id: string) => call<ServiceRequest>("POST", `${m}/requests/${id}/cancel`),
  bids: async (requestId: string) =>
    (await call<{ bids: Bid[] }>("GET", `${m}/requests/${requestId}/bids`)).bids,
  accept: (bidId: string) => call<{ workOrderId: string }>("POST", `${m}/bids/${bidId}/accept`),
  workOrder: (id: string) => call<WorkOrder>("GET", `${m}/work-orders/${id}`),
  feedback: (id: string, rating: number, comment: string) =>
    call<unknown>("POST", `${m}/work-orders/${id}/feedback`, { rating, comment }),
  /** Starts a payment through billing; the work order's module prices it on the server. */
  pay: (workOrderId: string) =>
    call<unknown>("POST", "/billing/payments", { payable: { kind: "WORK_ORDER", id: workOrderId } }),

  /** A one-time code (4 hours) for the assigned technician to sign in at the site's hub console, offline. */
  technicianCode: (workOrderId: string) =>
    call<{ code: string; expiresAt: string }>("POST", `${m}/work-orders/${workOrderId}/technician-code`),

  myProviders: async () => (await call<{ providers: MyProvider[] }>("GET", `${m}/providers/mine`)).providers,
  inbox: async (providerId: string) =>
    (await call<{ requests: InboxRequest[] }>("GET", `${m}/providers/${providerId}/inbox`)).requests,
  providerWorkOrders: async (providerId: string) =>
    (await call<{ workOrders: WorkOrderRow[] }>("GET", `${m}/providers/${providerId}/work-orders`))
      .workOrders,
  placeBid: (
    requestId: string,
    body: { providerId: string; amount: number; currency: string; message: string; earliestAt: string },
  ) => call<Bid>("POST", `${m}/requests/${requestId}/bids`, body),
};
