/** The bookings module's manifest: crew, tariffs, events, bookings that never double-book, invoices with VAT. */

import { fromBase64url } from "../../shared/ids/index.ts";
import { DEVELOPMENT_DATA_KEY } from "../accounts/module.ts";
import { createSecretBox } from "../accounts/two-factor/secret-box.ts";
import { consumeOnce } from "../events/index.ts";
import { defineCloudModule } from "../module/index.ts";
import { organisationsOf } from "./access.ts";
import { BOOKINGS_ANALYTICS } from "./analytics.ts";
import type { PersonCalendars } from "./calendar.ts";
import { availabilityOf } from "./crew.ts";
import type { BookingsDb, BookingsDeps } from "./db.ts";
import { bookingsHttp } from "./http.ts";
import { bookingFlowHttp } from "./http-bookings.ts";
import { INVOICE_PAYABLE, invoicePayables } from "./invoice-view.ts";
import { invoiceRow, markOverdue, markPaidStatements } from "./invoices.ts";
import { BOOKINGS_NOTIFICATIONS } from "./notifications.ts";
import * as schema from "./schema.ts";

/** What other modules (a marketplace scheduling service technicians) use of bookings. */
export interface BookingsServices {
  /** Availability slots of people (crew or technicians) overlapping [from, to), ms. */
  availability(
    personIds: string[],
    from: number,
    to: number,
  ): Promise<{ personId: string; start: number; end: number }[]>;
  /** The same serialised per-person calendars bookings use: work reserved there never overlaps a booking. */
  calendars: PersonCalendars;
  /** The organisations `userId` belongs to (analytics reads their rows, keyed `org:<id>`). */
  organisationsOf(userId: string): Promise<{ id: string; name: string; timeZone: string }[]>;
}

declare module "../module/index.ts" {
  interface CloudServices {
    bookings: BookingsServices;
  }
}

export const bookingsModule = defineCloudModule({
  name: "bookings",
  notifications: BOOKINGS_NOTIFICATIONS,
  analytics: BOOKINGS_ANALYTICS,
  database: {
    binding: "BOOKINGS_DB",
    name: "outpost-bookings",
    migrations: "cloud/bookings/migrations",
    schema,
  },
  deps(ctx): BookingsDeps {
    // The same data key as TOTP secrets (ACCOUNTS_DATA_KEY); each value is bound to its crew member's id.
    const key = ctx.config.dataKey ? fromBase64url(ctx.config.dataKey) : DEVELOPMENT_DATA_KEY;
    return {
      db: ctx.db as BookingsDb,
      clock: ctx.clock,
      bus: ctx.bus,
      calendars: ctx.platform.calendars,
      box: createSecretBox(key),
    };
  },
  services: (deps): BookingsServices => ({
    availability: async (personIds, from, to) =>
      (await availabilityOf(deps, personIds, from, to)).map((s) => ({
        personId: s.crewId,
        start: s.startAt,
        end: s.endAt,
      })),
    calendars: deps.calendars,
    organisationsOf: (userId) => organisationsOf(deps.db, userId),
  }),
  routes: (deps, { requireUser }) => [
    bookingsHttp({ ...deps, requireUser }),
    bookingFlowHttp({ ...deps, requireUser }),
  ],
  consumers: [
    {
      name: "bookings.invoice-paid",
      patterns: ["payment.succeeded"],
      async handle(event, deps: BookingsDeps) {
        const data = event.data as { payableKind: string; payableId: string };
        if (data.payableKind !== INVOICE_PAYABLE) return;
        const invoiceId = data.payableId.split(".")[0] ?? "";
        await consumeOnce(
          { ...deps, table: schema.processedEvents },
          "bookings.invoice-paid",
          event,
          async () => {
            const inv = await invoiceRow(deps, invoiceId).catch(() => null);
            return inv ? [...markPaidStatements(deps, inv, deps.clock.now())] : [];
          },
        );
      },
    },
  ],
  scheduled: async (deps) => ({ invoicesOverdue: await markOverdue(deps) }),
  outbox: schema.outbox,
  payables: (deps) => [invoicePayables(deps)],
});
