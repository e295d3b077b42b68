/** Builds everything the Worker's handlers need from its bindings, once per isolate. */
import { drizzle } from "drizzle-orm/d1";
import {
  type AccessTokenVerifier,
  type AccountsDeps,
  accountsSchema,
  createAccessTokenVerifier,
  createKeyRing,
} from "../cloud/accounts/index.ts";
import { type NotificationsDeps, notificationsSchema } from "../cloud/notifications/index.ts";
import { listSiteMembers, type SiteLedgers, type SitesDb, sitesSchema } from "../cloud/sites/index.ts";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import { type Config, type Env, readConfig } from "./env.ts";
import { type DeadLetters, queueDeadLetters } from "./queue/index.ts";
import { durableLedgers } from "./site-ledger/client.ts";

export interface EdgeDeps {
  config: Config;
  clock: Clock;
  accounts: AccountsDeps;
  verifier: AccessTokenVerifier;
  sites: { db: SitesDb; ledgers: SiteLedgers; clock: Clock };
  notifications: NotificationsDeps;
  deadLetters: DeadLetters;
}

/** `overrides.clock` lets tests move time (token and claim-code expiry) without touching the runtime. */
export function buildDeps(env: Env, overrides: { clock?: Clock } = {}): EdgeDeps {
  const config = readConfig(env);
  const clock = overrides.clock ?? systemClock;
  const accountsDb = drizzle(env.ACCOUNTS_DB, { schema: accountsSchema });
  const keys = createKeyRing({
    db: accountsDb,
    clock,
    ...(config.signingJwk ? { configuredJwk: config.signingJwk } : {}),
  });
  const sitesDb = drizzle(env.SITES_DB, { schema: sitesSchema });
  return {
    config,
    clock,
    accounts: { db: accountsDb, keys, clock },
    verifier: createAccessTokenVerifier({ loadJwks: () => keys.jwks(), clock }),
    sites: { db: sitesDb, ledgers: durableLedgers(env.SITE_LEDGER), clock },
    notifications: {
      db: drizzle(env.NOTIFICATIONS_DB, { schema: notificationsSchema }),
      clock,
      siteMembers: (siteId) => listSiteMembers({ db: sitesDb }, siteId),
    },
    deadLetters: queueDeadLetters(env.EVENTS_DLQ),
  };
}
