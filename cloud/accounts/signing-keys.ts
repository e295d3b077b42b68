/** The keys that sign access tokens: configured secret JWKs, or development keys shared via ACCOUNTS_DB. */

import { and, asc, desc, gt, isNull, lte, or, sql } from "drizzle-orm";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import {
  ACCESS_TOKEN_ALG,
  ACCESS_TOKEN_TTL_S,
  HUB_ACCESS_TOKEN_TTL_S,
} from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { batch, type CloudDb } from "../db/index.ts";
import * as schema from "./schema.ts";
import { JWKS_MAX_AGE_MS } from "./tokens.ts";

export type AccountsDb = CloudDb<typeof schema>;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Where access tokens get their signing key and where the JWKS comes from. */
export interface KeyRing {
  signingKey(): Promise<SigningKey>;
  jwks(): Promise<JSONWebKeySet>;
  /** Publishes a fresh key now, signs with it from `activatesAt`; the old one stays published until its tokens expire. */
  rotate(): Promise<{ kid: string; activatesAt: string; retiredKid?: string }>;
}

/** Isolates re-read the active key this often, so a rotation reaches every isolate. */
const SIGNING_KEY_CACHE_MS = 60_000;
/** A new key is published this long before it signs: by then every verifier's cached JWKS holds it. */
export const KEY_PREPUBLISH_MS = JWKS_MAX_AGE_MS;
/**
 * How long a retired key stays in the JWKS: an isolate may sign with it for SIGNING_KEY_CACHE_MS after it
 * retired, and that token lives ACCESS_TOKEN_TTL_S — or HUB_ACCESS_TOKEN_TTL_S for a hub access token,
 * which a hub verifies against the JWKS it last received.
 */
export const RETIRED_KEY_PUBLISHED_MS =
  SIGNING_KEY_CACHE_MS + Math.max(ACCESS_TOKEN_TTL_S, HUB_ACCESS_TOKEN_TTL_S) * 1000 + 60_000;

/**
 * `configuredJwks` (the ACCOUNTS_SIGNING_JWK secret: one private JWK or a set, newest first): the first
 * key signs and every key is published, so rotating in production is "prepend, deploy, later drop".
 * Without it, keys live in ACCOUNTS_DB: the first isolate to need one inserts it (one conditional INSERT,
 * so racing isolates agree) and `rotate()` retires it in favour of a new one.
 */
export function createKeyRing(deps: { db: AccountsDb; clock: Clock; configuredJwks?: JWK[] }): KeyRing {
  const configured = deps.configuredJwks?.length ? Promise.all(deps.configuredJwks.map(fromJwk)) : undefined;
  let loaded: { key: Promise<SigningKey>; at: number } | undefined;

  const signingKey = (): Promise<SigningKey> => {
    if (configured) return configured.then((keys) => keys[0]!);
    const now = deps.clock.now();
    if (!loaded || now - loaded.at > SIGNING_KEY_CACHE_MS) {
      const key = loadOrCreate(deps, now).catch((err) => {
        loaded = undefined;
        throw err;
      });
      loaded = { key, at: now };
    }
    return loaded.key;
  };

  return {
    signingKey,
    async jwks() {
      if (configured) return { keys: (await configured).map((k) => k.publicJwk) };
      await signingKey();
      const rows = await deps.db
        .select({ publicJwk: schema.signingKeys.publicJwk })
        .from(schema.signingKeys)
        .where(
          sql`${schema.signingKeys.retiredAt} IS NULL OR ${schema.signingKeys.retiredAt} > ${deps.clock.now() - RETIRED_KEY_PUBLISHED_MS}`,
        )
        .orderBy(desc(schema.signingKeys.createdAt));
      return { keys: rows.map((r) => publicOnly(JSON.parse(r.publicJwk) as JWK)) };
    },
    async rotate() {
      if (configured) throw new AppError("CONFLICT", "configured keys rotate by redeploying the secret");
      const now = deps.clock.now();
      const previous = await activeRow(deps.db, now);
      const next = await generate();
      const activatesAt = now + KEY_PREPUBLISH_MS;
      await batch(deps.db, [
        // Every key not yet retired (the active one, and any pending one) retires when the new one activates.
        deps.db
          .update(schema.signingKeys)
          .set({ retiredAt: activatesAt })
          .where(isNull(schema.signingKeys.retiredAt)),
        deps.db.insert(schema.signingKeys).values({ ...next, createdAt: now, activatesAt }),
      ]);
      loaded = undefined;
      return {
        kid: next.kid,
        activatesAt: new Date(activatesAt).toISOString(),
        ...(previous ? { retiredKid: previous.kid } : {}),
      };
    },
  };
}

async function fromJwk(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || !jwk.x || !jwk.y) {
    throw new AppError("INTERNAL", "ACCOUNTS_SIGNING_JWK must hold private EC P-256 JWKs");
  }
  const publicPart: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...jwk, alg: ACCESS_TOKEN_ALG }, ACCESS_TOKEN_ALG)) as CryptoKey;
  return { kid, privateKey, publicJwk: publicOnly({ ...publicPart, kid }) };
}

function publicOnly(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid, alg: ACCESS_TOKEN_ALG, use: "sig" };
}

async function generate() {
  const pair = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    alg: ACCESS_TOKEN_ALG,
    privateJwk: JSON.stringify({ ...(await exportJWK(pair.privateKey)), kid }),
    publicJwk: JSON.stringify({ ...publicJwk, kid }),
  };
}

async function loadOrCreate(deps: { db: AccountsDb; clock: Clock }, now: number): Promise<SigningKey> {
  const existing = await activeRow(deps.db, now);
  if (existing) return fromJwk(JSON.parse(existing.privateJwk) as JWK);
  const key = await generate();
  // Inserted only if no isolate got there first; the loser discards its pair and loads the winner's.
  await deps.db.run(sql`
    INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at, activates_at)
    SELECT ${key.kid}, ${key.alg}, ${key.privateJwk}, ${key.publicJwk}, ${now}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)`);
  const row = await activeRow(deps.db, now);
  if (!row) throw new AppError("INTERNAL", "no signing key after insert");
  return fromJwk(JSON.parse(row.privateJwk) as JWK);
}

/** The key that signs at `now`: activated, not yet retired; the newest if a rotation overlaps. */
async function activeRow(db: AccountsDb, now: number) {
  const activates = sql`coalesce(${schema.signingKeys.activatesAt}, ${schema.signingKeys.createdAt})`;
  return db
    .select()
    .from(schema.signingKeys)
    .where(
      and(
        lte(activates, now),
        or(isNull(schema.signingKeys.retiredAt), gt(schema.signingKeys.retiredAt, now)),
      ),
    )
    .orderBy(desc(activates), asc(schema.signingKeys.kid))
    .get();
}
