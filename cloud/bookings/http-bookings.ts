/** Bookings HTTP routes, part two: holds, bookings, invoices (and the printable page), reports. */
import { Hono } from "hono";
import { AppError } from "../../shared/errors/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import { bookingRow, canSee, changeBooking, holdSlot, requestBooking } from "./bookings.ts";
import type { BookingsDeps } from "./db.ts";
import { query, signedIn, tag } from "./http.ts";
import { invoiceDetail, invoiceHtml } from "./invoice-view.ts";
import { cancelInvoice, generateInvoice, issueInvoice } from "./invoices.ts";
import { listBookings, listInvoices, report } from "./reports.ts";
import * as s from "./schemas.ts";

const user = (c: Parameters<typeof currentUser>[0]) => currentUser(c).id;
const d = (summary: string, responses: Record<number, string> = { 200: "done" }) =>
  doc({ summary, tag, auth: "user", responses: { ...responses, ...signedIn } });
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'";

export function bookingFlowHttp(deps: BookingsDeps & { requireUser: RequireUser }) {
  return new Hono<AppEnv>()
    .use("/v1/bookings/*", deps.requireUser)
    .post(
      "/v1/bookings/holds",
      d("Hold a person's slot for 5 minutes", { 201: "held", 409: "taken or unavailable" }),
      async (c) => c.json(await holdSlot(deps, user(c), await readJson(c, s.holdBody)), 201),
    )
    .post(
      "/v1/bookings/bookings",
      d("Request a booking, priced from the tariff", { 201: "requested", 409: "taken or unavailable" }),
      async (c) => c.json(await requestBooking(deps, user(c), await readJson(c, s.bookingBody)), 201),
    )
    .get("/v1/bookings/bookings/:bookingId", d("One booking"), async (c) => {
      const b = await bookingRow(deps, c.req.param("bookingId"));
      if (!(await canSee(deps, user(c), b))) throw new AppError("NOT_FOUND", "no such booking");
      return c.json(b);
    })
    .post(
      "/v1/bookings/bookings/:bookingId/status",
      d("Confirm, complete or cancel (compare-and-swap)", { 200: "changed", 409: "changed meanwhile" }),
      async (c) =>
        c.json(
          await changeBooking(
            deps,
            user(c),
            c.req.param("bookingId"),
            (await readJson(c, s.bookingActionBody)).action,
          ),
        ),
    )
    .get("/v1/bookings/organisations/:orgId/bookings", d("The organisation's bookings"), async (c) =>
      c.json({ bookings: await listBookings(deps, user(c), c.req.param("orgId")) }),
    )
    .get(
      "/v1/bookings/organisations/:orgId/invoices",
      d("The organisation's invoices (as seller or buyer)"),
      async (c) => c.json({ invoices: await listInvoices(deps, user(c), c.req.param("orgId")) }),
    )
    .get(
      "/v1/bookings/organisations/:orgId/report",
      d("Bookings, revenue per month and crew utilisation in a range"),
      async (c) => {
        const { from, to } = query(s.rangeQuery, c.req.query());
        return c.json(await report(deps, user(c), c.req.param("orgId"), from, to));
      },
    )
    .post(
      "/v1/bookings/invoices",
      d("Draft an invoice for bookings (crew company admins)", { 201: "drafted" }),
      async (c) => c.json(await generateInvoice(deps, user(c), await readJson(c, s.invoiceBody)), 201),
    )
    .post(
      "/v1/bookings/invoices/:invoiceId/issue",
      d("Issue a draft: its number and due date", { 200: "issued", 409: "not a draft" }),
      async (c) => c.json(await issueInvoice(deps, user(c), c.req.param("invoiceId"))),
    )
    .post(
      "/v1/bookings/invoices/:invoiceId/cancel",
      d("Cancel a draft or an unpaid invoice (its number stays used)", {
        200: "cancelled",
        409: "paid or changed",
      }),
      async (c) => c.json(await cancelInvoice(deps, user(c), c.req.param("invoiceId"))),
    )
    .get("/v1/bookings/invoices/:invoiceId", d("An invoice with seller, buyer and lines"), async (c) =>
      c.json(await invoiceDetail(deps, user(c), c.req.param("invoiceId"))),
    )
    .get("/v1/bookings/invoices/:invoiceId/print", d("The printable invoice page (HTML)"), async (c) => {
      const html = invoiceHtml(await invoiceDetail(deps, user(c), c.req.param("invoiceId")));
      return c.html(html, 200, { "content-security-policy": PAGE_CSP });
    });
}
