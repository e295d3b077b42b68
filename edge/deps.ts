/** Builds everything the Worker's handlers need from its bindings, once per isolate. */
import { drizzle } from "drizzle-orm/d1";
import {
  type AccessTokenVerifier,
  type AccountsDeps,
  accountsSchema,
  createAccessTokenVerifier,
  createKeyRing,
  createSecretBox,
  hubAccessTokenIssuer,
  peopleByIds,
} from "../cloud/accounts/index.ts";
import {
  type BillingDeps,
  billingSchema,
  checkPlanLimit,
  createStripeClient,
  demoPayables,
  payableRegistry,
} from "../cloud/billing/index.ts";
import { queueBus } from "../cloud/bus/index.ts";
import { type NotificationsDeps, notificationsSchema, sendEmail } from "../cloud/notifications/index.ts";
import {
  type InviteMailer,
  type IssueHubAccessToken,
  listSiteMembers,
  type SiteLedgers,
  type SitesDb,
  sitesSchema,
} from "../cloud/sites/index.ts";
import type { PlanLimitCheck } from "../shared/billing/index.ts";
import { type Clock, systemClock } from "../shared/clock/index.ts";
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
  sites: {
    db: SitesDb;
    ledgers: SiteLedgers;
    clock: Clock;
    mailer: InviteMailer;
    inviteUrl: string;
    issueHubAccessToken: IssueHubAccessToken;
    planLimits: PlanLimitCheck;
    jwks: () => Promise<{ keys: unknown[] }>;
    people: (userIds: string[]) => Promise<{ userId: string; email: string; displayName: string | null }[]>;
  };
  notifications: NotificationsDeps;
  /** Absent without Stripe configuration; plan limits work either way. */
  billing?: BillingDeps;
  planLimits: PlanLimitCheck;
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
  const billingDb = drizzle(env.BILLING_DB, { schema: billingSchema });
  const planLimits: PlanLimitCheck = (accountId, limit, used) =>
    checkPlanLimit({ db: billingDb, clock }, accountId, limit, used);
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
      planLimits,
      ledgers: durableLedgers(env.SITE_LEDGER),
      clock,
      mailer: { send: (message) => sendEmail({ db: notificationsDb, clock }, message) },
      inviteUrl: new URL("/invites", config.appUrl).toString(),
      issueHubAccessToken: hubAccessTokenIssuer({ db: accountsDb, keys, clock }),
      jwks: () => keys.jwks(),
      people: (userIds) => peopleByIds({ db: accountsDb }, userIds),
    },
    notifications: {
      db: notificationsDb,
      clock,
      siteMembers: (siteId) => listSiteMembers({ db: sitesDb }, siteId),
    },
    ...(config.stripe
      ? {
          billing: {
            db: billingDb,
            clock,
            stripe: createStripeClient(config.stripe),
            webhookSecret: config.stripe.webhookSecret,
            bus: queueBus(env.EVENTS_QUEUE),
            // Dispensing and service register their resolvers here; the demo one never runs in production.
            payables: payableRegistry(config.environment === "production" ? [] : [demoPayables]),
            appUrl: config.appUrl,
          },
        }
      : {}),
    planLimits,
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

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}
