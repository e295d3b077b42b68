/** Producers of the `trustedKeys` (v1 and v2) and `members` sections, from the accounts keys and site membership. */
import { asc, eq } from "drizzle-orm";
import { ACCESS_TOKEN_TTL_S, HUB_ACCESS_TOKEN_TTL_S } from "../../../shared/access-token/index.ts";
import { trustedKey, trustedKeysSectionV1, unexpired } from "../../../shared/desired-state/index.ts";
import * as schema from "../schema.ts";
import { defineProducer } from "./producer.ts";
import type { SitesProducerDeps } from "./producers.ts";

/** A token issued before a removal lives at most this long after it: past that, the removal need not come down. */
export const LONGEST_TOKEN_LIFETIME_MS = Math.max(ACCESS_TOKEN_TTL_S, HUB_ACCESS_TOKEN_TTL_S) * 1000;

type Jwk = Record<string, unknown>;
const isEcP256 = (k: Jwk) => k.kty === "EC" && k.crv === "P-256";

/** Only the public members of a JWK (a stray private `d` never reaches a hub). */
function publicPart(k: Jwk): Jwk {
  const { d: _private, ...rest } = k;
  return rest;
}

/** trustedKeys@1, for hubs that verify EC P-256 access tokens only: the access keys, untagged. */
export const trustedKeysV1 = defineProducer({
  section: "trustedKeys",
  version: 1,
  async produce(deps: SitesProducerDeps) {
    const { keys } = await deps.jwks();
    return trustedKeysSectionV1.parse({ keys: (keys as Jwk[]).filter(isEcP256).map(publicPart) });
  },
});

/** trustedKeys@2: the access keys tagged `access`, and any QR-signing keys of the site tagged `qr`. */
export const trustedKeysV2 = defineProducer({
  section: "trustedKeys",
  version: 2,
  async produce(deps: SitesProducerDeps, siteId: string) {
    const { keys } = await deps.jwks();
    const access = (keys as Jwk[]).map((k) => trustedKey.parse({ ...publicPart(k), purpose: "access" }));
    const qr = (await deps.qrKeys?.(siteId)) ?? [];
    return { keys: [...access, ...qr.map((k) => trustedKey.parse({ ...publicPart(k), purpose: "qr" }))] };
  },
});

export const members = defineProducer({
  section: "members",
  version: 1,
  async produce(deps: SitesProducerDeps, siteId: string) {
    const rows = await deps.db
      .select({ userId: schema.siteMembers.userId, role: schema.siteMembers.role })
      .from(schema.siteMembers)
      .where(eq(schema.siteMembers.siteId, siteId))
      .orderBy(asc(schema.siteMembers.userId));
    const people = new Map((await deps.people(rows.map((r) => r.userId))).map((p) => [p.userId, p]));
    const removals = await deps.db
      .select()
      .from(schema.siteMemberRemovals)
      .where(eq(schema.siteMemberRemovals.siteId, siteId))
      .orderBy(asc(schema.siteMemberRemovals.userId));
    const current = new Set(rows.map((r) => r.userId));
    // Someone removed and later invited back is a member again, not removed; a removal older than any
    // token's lifetime guards nothing (the hub refuses non-members anyway), so the list stays bounded.
    const removed = unexpired(
      removals.filter((r) => !current.has(r.userId)),
      deps.clock.now(),
      (r) => r.removedAt + LONGEST_TOKEN_LIFETIME_MS,
    );
    return {
      members: rows.map((r) => ({
        userId: r.userId,
        email: people.get(r.userId)?.email ?? "",
        displayName: people.get(r.userId)?.displayName ?? null,
        role: r.role,
      })),
      removed: removed.map((r) => ({ userId: r.userId, removedAt: new Date(r.removedAt).toISOString() })),
    };
  },
});
