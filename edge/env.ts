/** The Worker's bindings and its configuration (read and validated once per isolate, in cloud/config). */
import type { ConfigVars } from "../cloud/config/index.ts";
import type { ModuleBinding } from "../cloud/modules.ts";
import type { PersonCalendar } from "./person-calendar/index.ts";
import type { DeadLetter } from "./queue/dead-letters.ts";
import type { RateLimiter } from "./rate-limit/rate-limiter-object.ts";
import type { SiteLedger } from "./site-ledger/index.ts";

export { type Config, type ConfigVars, readConfig } from "../cloud/config/index.ts";

/** The platform's own bindings; each cloud module's D1 database is bound under its manifest's name. */
export interface PlatformBindings {
  EVENTS_QUEUE: Queue;
  EVENTS_DLQ: Queue<DeadLetter>;
  SITE_LEDGER: DurableObjectNamespace<SiteLedger>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  PERSON_CALENDAR: DurableObjectNamespace<PersonCalendar>;
  /** Stored files (photos): an R2 bucket. */
  PHOTOS: R2Bucket;
  /** The Workers `send_email` binding, with EMAIL_PROVIDER = workers. */
  EMAIL?: SendEmail;
}

export type Env = PlatformBindings & ConfigVars & { [B in ModuleBinding]: D1Database };
