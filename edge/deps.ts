/** Builds everything the edge's handlers need from a platform (Workers bindings, or the Deno entry's). */
import { drizzle } from "drizzle-orm/d1";
import {
  type AccessTokenVerifier,
  type AccountsDb,
  type AccountsDeps,
  accountExists,
  accountsSchema,
  createAccessTokenVerifier,
  createKeyRing,
  createSecretBox,
  hubAccessTokenIssuer,
  peopleByIds,
} from "../cloud/accounts/index.ts";
import {
  type BillingDb,
  type BillingDeps,
  billingSchema,
  checkPlanLimit,
  createStripeClient,
  demoPayables,
  payableRegistry,
} from "../cloud/billing/index.ts";
import { type EventBus, queueBus } from "../cloud/bus/index.ts";
import {
  type MailProvider,
  type NotificationsDb,
  type NotificationsDeps,
  notificationsSchema,
  resendProvider,
  type SendEmailBinding,
  sendEmail,
  workersEmailProvider,
} from "../cloud/notifications/index.ts";
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
import { AppError } from "../shared/errors/index.ts";
import { fromBase64url } from "../shared/ids/index.ts";
import { type Config, type Env, readConfig } from "./env.ts";
import { consoleLog, type LogSink } from "./middleware/request-log/index.ts";
import { type DeadLetters, queueDeadLetters } from "./queue/index.ts";
import {
  credentialLimiter,
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

/** What differs between runtimes: the databases and the stateful services behind small interfaces. */
export interface Platform {
  accountsDb: AccountsDb;
  sitesDb: SitesDb;
  notificationsDb: NotificationsDb;
  billingDb: BillingDb;
  /** Where modules publish events for the queue consumers (Cloudflare Queues, or the Deno entry's queue). */
  bus: EventBus;
  ledgers: SiteLedgers;
  deadLetters: DeadLetters;
  rateLimits: RateLimits;
  /** The Workers send_email binding, where the runtime has one. */
  emailBinding?: SendEmailBinding;
}

export interface DepsOverrides {
  clock?: Clock;
  log?: LogSink;
}

// Outside production (where ACCOUNTS_DATA_KEY is required) TOTP secrets are sealed with this public key:
// sealing still binds each secret to its user, but offers no secrecy against someone reading the database.
const DEVELOPMENT_DATA_KEY = new TextEncoder().encode("outpost development data key !!!");

/** The Worker's deps from its bindings. `overrides` let tests move time and capture logs. */
export function buildDeps(env: Env, overrides: DepsOverrides = {}): EdgeDeps {
  const config = readConfig(env);
  const clock = overrides.clock ?? systemClock;
  return createDeps(
    config,
    {
      accountsDb: drizzle(env.ACCOUNTS_DB, { schema: accountsSchema }),
      sitesDb: drizzle(env.SITES_DB, { schema: sitesSchema }),
      notificationsDb: drizzle(env.NOTIFICATIONS_DB, { schema: notificationsSchema }),
      billingDb: drizzle(env.BILLING_DB, { schema: billingSchema }),
      bus: queueBus(env.EVENTS_QUEUE),
      ledgers: durableLedgers(env.SITE_LEDGER),
      deadLetters: queueDeadLetters(env.EVENTS_DLQ),
      rateLimits: durableRateLimits(env.RATE_LIMITER, clock),
      ...(env.EMAIL ? { emailBinding: env.EMAIL } : {}),
    },
    { ...overrides, clock },
  );
}

/** Platform-neutral wiring: every runtime entry ends here. */
export function createDeps(config: Config, platform: Platform, overrides: DepsOverrides = {}): EdgeDeps {
  const clock = overrides.clock ?? systemClock;
  const { accountsDb, sitesDb, notificationsDb } = platform;
  const keys = createKeyRing({
    db: accountsDb,
    clock,
    ...(config.signingJwks ? { configuredJwks: config.signingJwks } : {}),
  });
  const rateLimitConfig: RateLimitConfig = {
    ...DEFAULT_RATE_LIMITS,
    apiPerToken: { limit: config.apiRateLimitPerMinute, windowMs: 60_000 },
  };
  const provider = mailProvider(config, platform);
  const mail = { db: notificationsDb, clock, ...(provider ? { provider } : {}) };
  const planLimits: PlanLimitCheck = (accountId, limit, used) =>
    checkPlanLimit({ db: platform.billingDb, clock }, accountId, limit, used);
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
      mailer: { send: (message) => sendEmail(mail, message) },
      resetUrl: new URL("/reset-password", config.appUrl).toString(),
      verifyUrl: new URL("/verify-email", config.appUrl).toString(),
      signInUrl: new URL("/sign-in", config.appUrl).toString(),
      credentials: credentialLimiter(platform.rateLimits, rateLimitConfig),
    },
    verifier: existingAccounts(createAccessTokenVerifier({ loadJwks: () => keys.jwks(), clock }), accountsDb),
    sites: {
      db: sitesDb,
      planLimits,
      ledgers: platform.ledgers,
      clock,
      mailer: { send: (message) => sendEmail(mail, message) },
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
            db: platform.billingDb,
            clock,
            stripe: createStripeClient(config.stripe),
            webhookSecret: config.stripe.webhookSecret,
            bus: platform.bus,
            // Dispensing and service register their resolvers here; the demo one never runs in production.
            payables: payableRegistry(config.environment === "production" ? [] : [demoPayables]),
            appUrl: config.appUrl,
          },
        }
      : {}),
    planLimits,
    deadLetters: platform.deadLetters,
    rateLimits: platform.rateLimits,
    rateLimitConfig,
    // Test runs would drown in one line per request; tests that check the logs pass their own sink.
    log: overrides.log ?? (config.environment === "test" ? () => {} : consoleLog),
  };
}

/** The configured email provider; none means the outbox is the capture mailer. */
function mailProvider(config: Config, platform: Platform): MailProvider | undefined {
  const { provider, from, resendApiKey } = config.email;
  if (provider === "resend") return resendProvider({ apiKey: resendApiKey ?? "", from });
  if (provider === "workers") {
    if (!platform.emailBinding)
      throw new Error("EMAIL_PROVIDER workers requires the EMAIL send_email binding");
    return workersEmailProvider(platform.emailBinding, from);
  }
  return undefined;
}

/** A valid signature is not enough: the account must still exist, so a deleted user's tokens stop at once. */
function existingAccounts(verifier: AccessTokenVerifier, db: AccountsDb): AccessTokenVerifier {
  return {
    async verify(token) {
      const user = await verifier.verify(token);
      if (!(await accountExists({ db }, user.id)))
        throw new AppError("UNAUTHORIZED", "account no longer exists");
      return user;
    },
  };
}
