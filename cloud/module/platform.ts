/** What the runtime provides to modules: the pieces that differ between Workers and Deno, behind interfaces. */
import type { CredentialLimiter } from "../accounts/credential-limits.ts";
import type { PersonCalendars } from "../bookings/calendar.ts";
import type { SendEmailBinding } from "../notifications/index.ts";
import type { SiteLedgers } from "../sites/ledger/types.ts";
import type { BlobStore } from "./blobs.ts";

export interface PlatformServices {
  /** One SiteLedger per site (Durable Objects, or SQLite files under Deno). */
  ledgers: SiteLedgers;
  /** One serialised calendar per person (Durable Objects, or one SQLite file under Deno): no double booking. */
  calendars: PersonCalendars;
  /** Stored files such as photos (an R2 bucket, or a folder on disk under Deno). */
  blobs: BlobStore;
  /** Failed-credential budgets per account and address (the edge's rate limiter). */
  credentials: CredentialLimiter;
  /** The Workers send_email binding, where the runtime has one. */
  emailBinding?: SendEmailBinding;
}
