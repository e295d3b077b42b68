/** Builds everything the Worker's handlers need from its bindings, once per isolate. */
import { drizzle } from "drizzle-orm/d1";
import {
  type AccessTokenVerifier,
  type AccountsDeps,
  accountsSchema,
  createAccessTokenVerifier,
  createKeyRing,
  createSecretBox,
} from "../cloud/accounts/index.ts";
import { type NotificationsDeps, notificationsSchema, sendEmail } from "../cloud/notifications/index.ts";
import {
  type InviteMailer,
  listSiteMembers,
  type SiteLedgers,
  type SitesDb,
  sitesSchema,
} from "../cloud/sites/index.ts";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import { fromBase64url } from "../shared/ids/index.ts";
import { type Config, type Env, readConfig } from "./env.ts";
import { consoleLog, type LogSink } from "./middleware/request-log/index.ts";
import { type DeadLetters, queueDeadLetters } from "./queue/index.ts";
import {
  DEFAULT_RATE_LIMITS,
  durableRateLimits,
  type RateLimitConfig,
  type RateLimits,
} from "./rate-limit/index.ts";
import { durableLedgers } from "./site-ledger/client.ts";

export interface EdgeDeps {
  config: Config;
  clock: Clock;
  accounts: AccountsDeps;
  verifier: AccessTokenVerifier;
  sites: { db: SitesDb; ledgers: SiteLedgers; clock: Clock; mailer: InviteMailer; inviteUrl: string };
  notifications: NotificationsDeps;
  deadLetters: DeadLetters;
  rateLimits: RateLimits;
  rateLimitConfig: RateLimitConfig;
  log: LogSink;
}

// Outside production (where ACCOUNTS_DATA_KEY is required) TOTP secrets are sealed with this public key:
// sealing still binds each secret to its user, but offers no secrecy against someone reading the database.
const DEVELOPMENT_DATA_KEY = new TextEncoder().encode("outpost development data key !!!");

/** `overrides` let tests move time (token and claim-code expiry) and capture logs without touching the runtime. */
export function buildDeps(env: Env, overrides: { clock?: Clock; log?: LogSink } = {}): EdgeDeps {
  const config = readConfig(env);
  const clock = overrides.clock ?? systemClock;
  const accountsDb = drizzle(env.ACCOUNTS_DB, { schema: accountsSchema });
  const keys = createKeyRing({
    db: accountsDb,
    clock,
    ...(config.signingJwks ? { configuredJwks: config.signingJwks } : {}),
  });
  const sitesDb = drizzle(env.SITES_DB, { schema: sitesSchema });
  const notificationsDb = drizzle(env.NOTIFICATIONS_DB, { schema: notificationsSchema });
  const dataKey = config.dataKey ? fromBase64url(config.dataKey) : DEVELOPMENT_DATA_KEY;
  return {
    config,
    clock,
    accounts: {
      db: accountsDb,
      keys,
      clock,
      secrets: createSecretBox(dataKey),
      issuer: "Outpost",
      mailer: { send: (message) => sendEmail({ db: notificationsDb, clock }, message) },
      resetUrl: new URL("/reset-password", config.appUrl).toString(),
    },
    verifier: createAccessTokenVerifier({ loadJwks: () => keys.jwks(), clock }),
    sites: {
      db: sitesDb,
      ledgers: durableLedgers(env.SITE_LEDGER),
      clock,
      mailer: { send: (message) => sendEmail({ db: notificationsDb, clock }, message) },
      inviteUrl: new URL("/invites", config.appUrl).toString(),
    },
    notifications: {
      db: notificationsDb,
      clock,
      siteMembers: (siteId) => listSiteMembers({ db: sitesDb }, siteId),
    },
    deadLetters: queueDeadLetters(env.EVENTS_DLQ),
    rateLimits: durableRateLimits(env.RATE_LIMITER, clock),
    rateLimitConfig: {
      ...DEFAULT_RATE_LIMITS,
      apiPerToken: { limit: config.apiRateLimitPerMinute, windowMs: 60_000 },
    },
    // Test runs would drown in one line per request; tests that check the logs pass their own sink.
    log: overrides.log ?? (config.environment === "test" ? () => {} : consoleLog),
  };
}
