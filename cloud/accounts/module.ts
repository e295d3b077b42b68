/** The accounts module's manifest: users, sessions, 2FA, profiles and the keys that sign access tokens. */
import { AppError } from "../../shared/errors/index.ts";
import { fromBase64url } from "../../shared/ids/index.ts";
import { defineCloudModule } from "../module/index.ts";
import { type AccountDeletionDeps, accountExists } from "./account-deletion.ts";
import { adminHttp } from "./admin-http.ts";
import { accountsHttp } from "./http.ts";
import { type HubAccessTokenIssuer, hubAccessTokenIssuer } from "./hub-access-tokens.ts";
import { profilesHttp } from "./profiles/index.ts";
import * as schema from "./schema.ts";
import { type TimeSigner, timeSigner } from "./signed-time.ts";
import { type AccountsDb, createKeyRing } from "./signing-keys.ts";
import { type AccessTokenVerifier, createAccessTokenVerifier } from "./tokens.ts";
import { createSecretBox, twoFactorHttp } from "./two-factor/index.ts";
import { peopleByIds } from "./users.ts";

export interface Person {
  userId: string;
  email: string;
  displayName: string | null;
}

/** What other modules and the edge use of accounts. */
export interface AccountsServices {
  /** Verifies an access token locally, and that its account still exists. */
  verifier: AccessTokenVerifier;
  /** The public JWKS: the keys that sign access and hub-scoped tokens. */
  jwks(): Promise<{ keys: unknown[] }>;
  people(userIds: string[]): Promise<Person[]>;
  issueHubAccessToken: HubAccessTokenIssuer;
  /** The cloud's time for one hub, signed under the access-token key (the hub's trusted time). */
  signTime: TimeSigner;
}

declare module "../module/index.ts" {
  interface CloudServices {
    accounts: AccountsServices;
  }
}

export type AccountsModuleDeps = AccountDeletionDeps & { verifier: AccessTokenVerifier };

// Outside production (where ACCOUNTS_DATA_KEY is required) TOTP secrets are sealed with this public key:
// sealing still binds each secret to its user, but offers no secrecy against someone reading the database.
export const DEVELOPMENT_DATA_KEY = new TextEncoder().encode("outpost development data key !!!");

export const accountsModule = defineCloudModule({
  name: "accounts",
  database: {
    binding: "ACCOUNTS_DB",
    name: "outpost-accounts",
    migrations: "cloud/accounts/migrations",
    schema,
  },
  deps(ctx): AccountsModuleDeps {
    const { config, clock } = ctx;
    const db = ctx.db as AccountsDb;
    const keys = createKeyRing({
      db,
      clock,
      ...(config.signingJwks ? { configuredJwks: config.signingJwks } : {}),
    });
    const dataKey = config.dataKey ? fromBase64url(config.dataKey) : DEVELOPMENT_DATA_KEY;
    return {
      db,
      keys,
      clock,
      secrets: createSecretBox(dataKey),
      issuer: "Outpost",
      mailer: { send: (message) => ctx.service("notifications").mailer.send(message) },
      resetUrl: new URL("/reset-password", config.appUrl).toString(),
      verifyUrl: new URL("/verify-email", config.appUrl).toString(),
      signInUrl: new URL("/sign-in", config.appUrl).toString(),
      credentials: ctx.platform.credentials,
      forgetMemberships: (userId) => ctx.service("sites").forgetMember(userId),
      closeLiveSockets: (userId) => ctx.service("sites").closeLiveSockets(userId),
      verifier: existingAccounts(createAccessTokenVerifier({ loadJwks: () => keys.jwks(), clock }), db),
    };
  },
  services: (deps): AccountsServices => ({
    verifier: deps.verifier,
    jwks: () => deps.keys.jwks(),
    people: (userIds) => peopleByIds({ db: deps.db }, userIds),
    issueHubAccessToken: hubAccessTokenIssuer({ db: deps.db, keys: deps.keys, clock: deps.clock }),
    signTime: timeSigner(deps),
  }),
  routes: (deps, { requireUser }) => [
    accountsHttp({ ...deps, requireUser }),
    twoFactorHttp({ ...deps, requireUser }),
    adminHttp({ ...deps, requireUser }),
    profilesHttp({ ...deps, requireUser }),
  ],
});

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
