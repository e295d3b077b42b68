/**
 * The owner app's calls to the bookings module. Bodies are typed from the module's verbs (type-only imports);
 * the routes take their input through readJson, so these go through the shared authed fetch, not `hc`.
 */
import type { BookingRow } from "../bookings/bookings.ts";
import type { listCrew } from "../bookings/crew.ts";
import type { schema } from "../bookings/db.ts";
import type { invoiceDetail } from "../bookings/invoice-view.ts";
import type { InvoiceRow } from "../bookings/invoices.ts";
import type { myOrganisations } from "../bookings/organisations.ts";
import type { monthCalendar } from "../bookings/programme.ts";
import type { listBookings, report } from "../bookings/reports.ts";
import { authedFetch } from "./api.ts";

type R<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
export type Organisation = R<typeof myOrganisations>[number];
export type Crew = R<typeof listCrew>[number];
export type Tariff = typeof schema.tariffs.$inferSelect;
export type EventRow = typeof schema.events.$inferSelect;
export type Slot = typeof schema.availability.$inferSelect;
export type BookingLine = R<typeof listBookings>[number];
export type Calendar = R<typeof monthCalendar>;
export type Report = R<typeof report>;
export type InvoiceDetail = R<typeof invoiceDetail>;
export type { BookingRow, InvoiceRow };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authedFetch(`${location.origin}/v1/bookings${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

export const bookings = {
  organisations: async () =>
    (await call<{ organisations: Organisation[] }>("GET", "/organisations")).organisations,
  createOrganisation: (body: {
    kind: "organiser" | "crew_company";
    name: string;
    country?: string;
    vatNumber?: string;
    timeZone?: string;
  }) => call<Organisation>("POST", "/organisations", body),
  crew: async (filter: Record<string, string> = {}) =>
    (await call<{ crew: Crew[] }>("GET", `/crew?${q(filter)}`)).crew,
  addCrew: (
    companyId: string,
    body: {
      name: string;
      userId?: string;
      skills?: { category: string; skill: string; years: number; proficiency: number }[];
    },
  ) => call<{ id: string }>("POST", `/companies/${companyId}/crew`, body),
  readPrivate: (crewId: string) =>
    call<{ ssn: string | null; bankAccount: string | null }>("GET", `/crew/${crewId}/private`),
  writePrivate: (crewId: string, body: { ssn?: string; bankAccount?: string }) =>
    call<void>("PUT", `/crew/${crewId}/private`, body),
  availability: async (crewId: string, from: string, to: string) =>
    (await call<{ slots: Slot[] }>("GET", `/crew/${crewId}/availability?${q({ from, to })}`)).slots,
  addAvailability: (crewId: string, start: string, end: string) =>
    call<Slot>("POST", `/crew/${crewId}/availability`, { start, end }),
  tariffs: async (orgId: string) =>
    (await call<{ tariffs: Tariff[] }>("GET", `/organisers/${orgId}/tariffs`)).tariffs,
  setTariff: (orgId: string, body: { category: string; skill: string; unit: string; amount: number }) =>
    call<Tariff>("PUT", `/organisers/${orgId}/tariffs`, body),
  createEvent: (orgId: string, body: { name: string; venue?: string; start: string; end: string }) =>
    call<EventRow>("POST", `/organisers/${orgId}/events`, body),
  events: async (orgId: string, from: string, to: string) =>
    (await call<{ events: EventRow[] }>("GET", `/organisers/${orgId}/events?${q({ from, to })}`)).events,
  calendar: (orgId: string, month: string) =>
    call<Calendar>("GET", `/organisers/${orgId}/calendar?${q({ month })}`),
  eventStatus: (eventId: string, from: string, to: string) =>
    call<EventRow>("POST", `/events/${eventId}/status`, { from, to }),
  hold: (body: { organiserId: string; crewId: string; start: string; end: string }) =>
    call<{ holdId: string; expiresAt: string }>("POST", "/holds", body),
  book: (body: {
    eventId: string;
    crewId: string;
    category: string;
    skill: string;
    start: string;
    end: string;
    holdId?: string;
  }) => call<BookingRow>("POST", "/bookings", body),
  changeBooking: (bookingId: string, action: "confirm" | "complete" | "cancel") =>
    call<BookingRow>("POST", `/bookings/${bookingId}/status`, { action }),
  bookingsOf: async (orgId: string) =>
    (await call<{ bookings: BookingLine[] }>("GET", `/organisations/${orgId}/bookings`)).bookings,
  invoicesOf: async (orgId: string) =>
    (await call<{ invoices: InvoiceRow[] }>("GET", `/organisations/${orgId}/invoices`)).invoices,
  draftInvoice: (companyId: string, bookingIds: string[]) =>
    call<InvoiceRow>("POST", "/invoices", { companyId, bookingIds }),
  issueInvoice: (invoiceId: string) => call<InvoiceRow>("POST", `/invoices/${invoiceId}/issue`),
  invoice: (invoiceId: string) => call<InvoiceDetail>("GET", `/invoices/${invoiceId}`),
  report: (orgId: string, from: string, to: string) =>
    call<Report>("GET", `/organisations/${orgId}/report?${q({ from, to })}`),
  /** The printable invoice is HTML behind the bearer token: fetched, then shown from a blob. */
  async invoicePrintUrl(invoiceId: string): Promise<string> {
    const res = await authedFetch(`${location.origin}/v1/bookings/invoices/${invoiceId}/print`);
    return URL.createObjectURL(new Blob([await res.text()], { type: "text/html" }));
  },
  /** Starts a payment through billing (the amount comes from the invoice on the server). */
  async pay(invoiceId: string, payerId: string) {
    const res = await authedFetch(`${location.origin}/v1/billing/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ payable: { kind: "BOOKINGS_INVOICE", id: `${invoiceId}.${payerId}` } }),
    });
    return (await res.json()) as {
      paymentIntentId: string;
      clientSecret: string;
      amount: number;
      currency: string;
    };
  },
};
