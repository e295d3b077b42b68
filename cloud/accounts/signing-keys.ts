/** The key that signs access tokens: a configured secret JWK, or one development key shared via ACCOUNTS_DB. */
import { asc, isNull, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import { ACCESS_TOKEN_ALG } from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import * as schema from "./schema.ts";

export type AccountsDb = DrizzleD1Database<typeof schema>;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Where access tokens get their signing key and where the JWKS comes from. */
export interface KeyRing {
  signingKey(): Promise<SigningKey>;
  jwks(): Promise<JSONWebKeySet>;
}

/**
 * With `configuredJwk` (the ACCOUNTS_SIGNING_JWK secret) that key is used. Without it, the first isolate
 * to need a key inserts a generated one into ACCOUNTS_DB (one conditional INSERT, so racing isolates still
 * end up agreeing) and everyone loads that row: tokens from any isolate verify everywhere.
 */
export function createKeyRing(deps: { db: AccountsDb; clock: Clock; configuredJwk?: JWK }): KeyRing {
  let loaded: Promise<SigningKey> | undefined;
  const signingKey = (): Promise<SigningKey> => {
    loaded ??= (deps.configuredJwk ? fromJwk(deps.configuredJwk) : loadOrCreate(deps)).catch((err) => {
      loaded = undefined;
      throw err;
    });
    return loaded;
  };
  return {
    signingKey,
    async jwks() {
      const key = await signingKey();
      return { keys: [key.publicJwk] };
    },
  };
}

async function fromJwk(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || !jwk.x || !jwk.y) {
    throw new AppError("INTERNAL", "ACCOUNTS_SIGNING_JWK must be a private EC P-256 JWK");
  }
  const publicPart: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...jwk, alg: ACCESS_TOKEN_ALG }, ACCESS_TOKEN_ALG)) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: ACCESS_TOKEN_ALG, use: "sig" } };
}

async function loadOrCreate(deps: { db: AccountsDb; clock: Clock }): Promise<SigningKey> {
  const existing = await activeRow(deps.db);
  if (existing) return fromJwk(JSON.parse(existing.privateJwk) as JWK);

  const pair = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  // Inserted only if no isolate got there first; the loser discards its pair and loads the winner's.
  await deps.db.run(sql`
    INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at)
    SELECT ${kid}, ${ACCESS_TOKEN_ALG}, ${JSON.stringify({ ...privateJwk, kid })}, ${JSON.stringify({ ...publicJwk, kid })}, ${deps.clock.now()}
    WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)`);
  const row = await activeRow(deps.db);
  if (!row) throw new AppError("INTERNAL", "no signing key after insert");
  return fromJwk(JSON.parse(row.privateJwk) as JWK);
}

async function activeRow(db: AccountsDb) {
  return db
    .select()
    .from(schema.signingKeys)
    .where(isNull(schema.signingKeys.retiredAt))
    .orderBy(asc(schema.signingKeys.createdAt), asc(schema.signingKeys.kid))
    .get();
}
