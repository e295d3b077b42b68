/**
 * The owner app's calls to the marketplace module. Answers are typed from the module's verbs (type-only
 * imports); the routes read their input with readJson, so these go through the shared authed fetch, not `hc`.
 */
import type { listBids, providerBids } from "../marketplace/bids.ts";
import type { PhotoView } from "../marketplace/photos.ts";
import type { providerWorkOrders } from "../marketplace/provider-orders.ts";
import type { listTechnicians, myProviders } from "../marketplace/providers.ts";
import type { providerInbox, requestView } from "../marketplace/requests.ts";
import type { PRIORITIES, SERVICE_TYPES } from "../marketplace/schema.ts";
import type { getTicket, listTickets } from "../marketplace/tickets.ts";
import type { listWorkOrders, workOrderView } from "../marketplace/work-orders.ts";
import { authedFetch } from "./api.ts";

type R<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
export type ServiceRequest = ReturnType<typeof requestView>;
export type InboxRequest = R<typeof providerInbox>[number];
export type Bid = R<typeof listBids>[number];
export type WorkOrderRow = R<typeof listWorkOrders>[number];
export type ProviderWorkOrder = R<typeof providerWorkOrders>[number];
export type WorkOrder = R<typeof workOrderView>;
export type MyProvider = R<typeof myProviders>[number];
export type ProviderBid = R<typeof providerBids>[number];
export type Technician = R<typeof listTechnicians>[number];
export type Photo = PhotoView;
export type PhotoSubjectPath = "requests" | "work-orders";
export type TicketRow = R<typeof listTickets>[number];
export type Ticket = R<typeof getTicket>;
export type TicketStatus = Ticket["status"];
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

/** Sends the file's bytes as they are; the server reads the type from them and caps the size. */
async function uploadPhoto(subject: PhotoSubjectPath, id: string, file: Blob): Promise<Photo> {
  const res = await authedFetch(`${location.origin}/v1${m}/${subject}/${id}/photos`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: file,
  });
  return (await res.json()) as Photo;
}

/** A photo as an object URL (an <img> cannot send the bearer token itself); the caller revokes it. */
async function photoUrl(photoId: string): Promise<string> {
  const res = await authedFetch(`${location.origin}/v1${m}/photos/${photoId}`);
  return URL.createObjectURL(await res.blob());
}

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
    (await call<{ workOrders: ProviderWorkOrder[] }>("GET", `${m}/providers/${providerId}/work-orders`))
      .workOrders,
  providerBids: async (providerId: string) =>
    (await call<{ bids: ProviderBid[] }>("GET", `${m}/providers/${providerId}/bids`)).bids,
  technicians: async (providerId: string) =>
    (await call<{ technicians: Technician[] }>("GET", `${m}/providers/${providerId}/technicians`))
      .technicians,
  assign: (workOrderId: string, technicianIds: string[]) =>
    call<WorkOrder>("POST", `${m}/work-orders/${workOrderId}/technicians`, { technicianIds }),
  schedule: (workOrderId: string, slotStart: string, slotEnd: string) =>
    call<WorkOrder>("POST", `${m}/work-orders/${workOrderId}/schedule`, { slotStart, slotEnd }),

  photos: async (subject: PhotoSubjectPath, id: string) =>
    (await call<{ photos: Photo[] }>("GET", `${m}/${subject}/${id}/photos`)).photos,
  uploadPhoto,
  photoUrl,

  tickets: async () => (await call<{ tickets: TicketRow[] }>("GET", `${m}/tickets`)).tickets,
  ticket: (id: string) => call<Ticket>("GET", `${m}/tickets/${id}`),
  openTicket: (subject: string, description: string) =>
    call<Ticket>("POST", `${m}/tickets`, { subject, description }),
  comment: (id: string, message: string) => call<Ticket>("POST", `${m}/tickets/${id}/comments`, { message }),
  moveTicket: (id: string, status: TicketStatus) =>
    call<Ticket>("POST", `${m}/tickets/${id}/status`, { status }),

  placeBid: (
    requestId: string,
    body: { providerId: string; amount: number; currency: string; message: string; earliestAt: string },
  ) => call<Bid>("POST", `${m}/requests/${requestId}/bids`, body),
};
