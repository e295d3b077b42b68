/** Marketplace HTTP routes: providers, service requests, bids, work orders, payment's other half, feedback. */
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import { acceptBid, bidInput, getBid, listBids, placeBid, providerBids } from "./bids.ts";
import type { MarketplaceDeps } from "./deps.ts";
import { feedbackInput, submitFeedback } from "./payment.ts";
import { photoRoutes } from "./photos-http.ts";
import { providerWorkOrders } from "./provider-orders.ts";
import {
  addTechnician,
  listTechnicians,
  myProviders,
  nearbyProviders,
  providerInput,
  signUpProvider,
} from "./providers.ts";
import {
  cancelRequest,
  createRequest,
  listSiteRequests,
  providerInbox,
  requestForMember,
  requestInput,
  requestView,
  setServiceSite,
  siteInput,
} from "./requests.ts";
import { issueTechnicianCode } from "./technician-codes.ts";
import {
  changeTicketStatus,
  commentInput,
  commentOn,
  createTicket,
  getTicket,
  listTickets,
  statusInput,
  ticketInput,
} from "./tickets.ts";
import {
  assignInput,
  assignTechnicians,
  cancelOrder,
  completeInput,
  completeOrder,
  listWorkOrders,
  scheduleInput,
  scheduleOrder,
  startOrder,
  workOrderView,
} from "./work-orders.ts";

const tag = "marketplace";
/** A signed-in route's document: bad input, no token, no access and no such thing share the error body. */
function d<B extends z.ZodType | undefined = undefined>(summary: string, body?: B) {
  return doc({
    summary,
    tag,
    auth: "user",
    ...(body ? { body } : {}),
    responses: {
      200: "done",
      400: "bad input",
      401: "no or bad token",
      403: "not allowed",
      404: "not found",
      409: "conflict",
    },
  } as Parameters<typeof doc<B>>[0]);
}

const technicianBody = z.object({ userId: z.string().min(1).max(64) });
const cancelBody = z.object({ reason: z.string().trim().max(500).nullable().default(null) });

export function marketplaceHttp(deps: MarketplaceDeps & { requireUser: RequireUser }) {
  const me = (c: Parameters<typeof currentUser>[0]) => currentUser(c).id;
  return new Hono<AppEnv>()
    .use("/v1/marketplace/*", deps.requireUser)
    .route("/", photoRoutes(deps))
    .post("/v1/marketplace/providers", d("Sign up as a provider organisation", providerInput), async (c) =>
      c.json(await signUpProvider(deps, { ...(await readJson(c, providerInput)), userId: me(c) }), 201),
    )
    .get("/v1/marketplace/providers/mine", d("The provider organisations the caller belongs to"), async (c) =>
      c.json({ providers: await myProviders(deps, me(c)) }),
    )
    .post(
      "/v1/marketplace/providers/:id/technicians",
      d("Add a technician to the crew", technicianBody),
      async (c) => {
        const body = await readJson(c, technicianBody);
        await addTechnician(deps, {
          providerId: c.req.param("id"),
          userId: me(c),
          technicianId: body.userId,
        });
        return c.body(null, 204);
      },
    )
    .get("/v1/marketplace/providers/:id/technicians", d("The crew, by name"), async (c) =>
      c.json({ technicians: await listTechnicians(deps, c.req.param("id"), me(c)) }),
    )
    .get("/v1/marketplace/providers/:id/inbox", d("Pending requests in reach, nearest first"), async (c) =>
      c.json({ requests: await providerInbox(deps, c.req.param("id"), me(c)) }),
    )
    .get("/v1/marketplace/providers/:id/bids", d("The provider's own bids, newest first"), async (c) =>
      c.json({ bids: await providerBids(deps, c.req.param("id"), me(c)) }),
    )
    .get("/v1/marketplace/providers/:id/work-orders", d("The provider's work orders"), async (c) =>
      c.json({ workOrders: await providerWorkOrders(deps, c.req.param("id"), me(c)) }),
    )
    .put(
      "/v1/marketplace/sites/:siteId",
      d("Set the site's location, payer and automatic requests (OWNER)", siteInput),
      async (c) =>
        c.json(
          await setServiceSite(deps, {
            ...(await readJson(c, siteInput)),
            siteId: c.req.param("siteId"),
            userId: me(c),
          }),
        ),
    )
    .get("/v1/marketplace/sites/:siteId/requests", d("The site's service requests"), async (c) =>
      c.json({ requests: await listSiteRequests(deps, c.req.param("siteId"), me(c)) }),
    )
    .get("/v1/marketplace/sites/:siteId/work-orders", d("The site's work orders"), async (c) =>
      c.json({ workOrders: await listWorkOrders(deps, { siteId: c.req.param("siteId"), userId: me(c) }) }),
    )
    .post(
      "/v1/marketplace/requests",
      d("Open a service request for a unit (OWNER or MAINTAINER)", requestInput),
      async (c) =>
        c.json(
          requestView(await createRequest(deps, { ...(await readJson(c, requestInput)), userId: me(c) })),
          201,
        ),
    )
    .get("/v1/marketplace/requests/:id", d("One request (site members)"), async (c) =>
      c.json(requestView(await requestForMember(deps, c.req.param("id"), me(c)))),
    )
    .get(
      "/v1/marketplace/requests/:id/providers",
      d("Providers that reach the site, nearest then best rated"),
      async (c) => {
        const request = await requestForMember(deps, c.req.param("id"), me(c));
        const point = { lat: request.latitude, lon: request.longitude };
        return c.json({ providers: await nearbyProviders(deps, point, request.serviceType) });
      },
    )
    .post("/v1/marketplace/requests/:id/cancel", d("Cancel a pending request"), async (c) =>
      c.json(await cancelRequest(deps, c.req.param("id"), me(c))),
    )
    .post("/v1/marketplace/requests/:id/bids", d("Bid on a request (provider ADMIN)", bidInput), async (c) =>
      c.json(
        await placeBid(deps, {
          ...(await readJson(c, bidInput)),
          requestId: c.req.param("id"),
          userId: me(c),
        }),
        201,
      ),
    )
    .get(
      "/v1/marketplace/requests/:id/bids",
      d("Bids: all for the site, a provider's own for it"),
      async (c) => c.json({ bids: await listBids(deps, c.req.param("id"), me(c)) }),
    )
    .get("/v1/marketplace/bids/:id", d("One bid (the site or the bidding provider)"), async (c) =>
      c.json(await getBid(deps, c.req.param("id"), me(c))),
    )
    .post(
      "/v1/marketplace/bids/:id/accept",
      d("Accept a bid: the others are declined, a work order is made once"),
      async (c) => c.json(await acceptBid(deps, c.req.param("id"), me(c)), 201),
    )
    .get(
      "/v1/marketplace/work-orders/:id",
      d("One work order with items, technicians and visits"),
      async (c) => c.json(await workOrderView(deps, c.req.param("id"), me(c))),
    )
    .post("/v1/marketplace/work-orders/:id/technicians", d("Assign technicians", assignInput), async (c) => {
      await assignTechnicians(deps, c.req.param("id"), me(c), await readJson(c, assignInput));
      return c.json(await workOrderView(deps, c.req.param("id"), me(c)));
    })
    .post("/v1/marketplace/work-orders/:id/schedule", d("Set the visit's slot", scheduleInput), async (c) => {
      await scheduleOrder(deps, c.req.param("id"), me(c), await readJson(c, scheduleInput));
      return c.json(await workOrderView(deps, c.req.param("id"), me(c)));
    })
    .post(
      "/v1/marketplace/work-orders/:id/technician-code",
      d("A one-time code (4 hours) for the assigned technician to sign in at the site's hub, offline"),
      async (c) => c.json(await issueTechnicianCode(deps, c.req.param("id"), me(c)), 201),
    )
    .post("/v1/marketplace/work-orders/:id/start", d("Start the work"), async (c) =>
      c.json(await startOrder(deps, c.req.param("id"), me(c))),
    )
    .post(
      "/v1/marketplace/work-orders/:id/complete",
      d("Complete with items (totals computed here)", completeInput),
      async (c) =>
        c.json(await completeOrder(deps, c.req.param("id"), me(c), await readJson(c, completeInput))),
    )
    .post(
      "/v1/marketplace/work-orders/:id/cancel",
      d("Cancel (site OWNER or MAINTAINER)", cancelBody),
      async (c) =>
        c.json(await cancelOrder(deps, c.req.param("id"), me(c), (await readJson(c, cancelBody)).reason)),
    )
    .post("/v1/marketplace/tickets", d("Open a support ticket", ticketInput), async (c) =>
      c.json(await createTicket(deps, currentUser(c), await readJson(c, ticketInput)), 201),
    )
    .get("/v1/marketplace/tickets", d("The caller's tickets (staff: all)"), async (c) =>
      c.json({ tickets: await listTickets(deps, currentUser(c)) }),
    )
    .get("/v1/marketplace/tickets/:id", d("One ticket with its comments"), async (c) =>
      c.json(await getTicket(deps, currentUser(c), c.req.param("id"))),
    )
    .post("/v1/marketplace/tickets/:id/comments", d("Comment on a ticket", commentInput), async (c) =>
      c.json(await commentOn(deps, currentUser(c), c.req.param("id"), await readJson(c, commentInput)), 201),
    )
    .post(
      "/v1/marketplace/tickets/:id/status",
      d("Move a ticket forward (staff; the opener closes a resolved one)", statusInput),
      async (c) =>
        c.json(
          await changeTicketStatus(
            deps,
            currentUser(c),
            c.req.param("id"),
            (await readJson(c, statusInput)).status,
          ),
        ),
    )
    .post(
      "/v1/marketplace/work-orders/:id/feedback",
      d("Rate the work once (the payer)", feedbackInput),
      async (c) =>
        c.json(await submitFeedback(deps, c.req.param("id"), me(c), await readJson(c, feedbackInput))),
    );
}

export type MarketplaceRoutes = ReturnType<typeof marketplaceHttp>;
