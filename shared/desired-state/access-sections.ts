/** The `trustedKeys` and `members` sections: who signs what the hub verifies, and who may use the hub. */
import { z } from "zod";
import { SITE_ROLES } from "../roles/index.ts";

/** What a trusted key may verify: access tokens (cloud and hub-scoped) or QR codes. */
export const KEY_PURPOSES = ["access", "qr"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

const coordinate = z.string().min(1).max(128);
const kid = z.string().min(1).max(128);

/** trustedKeys@1: EC P-256 only, no purpose (every key verifies access tokens). Kept for hubs that know only it. */
export const trustedKeysSectionV1 = z.object({
  keys: z
    .array(
      z.looseObject({ kty: z.literal("EC"), crv: z.literal("P-256"), x: coordinate, y: coordinate, kid }),
    )
    .max(16),
});
export type TrustedKeysSectionV1 = z.infer<typeof trustedKeysSectionV1>;

const purpose = z.enum(KEY_PURPOSES);
// A trusted key is public: a private member (`d`) is refused, never stored.
const noPrivatePart = (k: Record<string, unknown>) => !("d" in k);
const ecP256 = z.looseObject({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: coordinate,
  y: coordinate,
  kid,
  purpose,
  alg: z.literal("ES256").optional(),
});
const ed25519 = z.looseObject({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: coordinate,
  kid,
  purpose,
  alg: z.literal("EdDSA").optional(),
});
export const trustedKey = z
  .discriminatedUnion("kty", [ecP256, ed25519])
  .refine(noPrivatePart, "a trusted key must be a public key");
export type TrustedKey = z.infer<typeof trustedKey>;

/** The JWS algorithm a key verifies, from its own type (RFC 7518 §3.4 ES256, RFC 8037 §3.1 EdDSA). */
export function jwsAlgOf(key: Pick<TrustedKey, "kty">): "ES256" | "EdDSA" {
  return key.kty === "OKP" ? "EdDSA" : "ES256";
}

/** trustedKeys@2: public keys of any algorithm the hub verifies, each tagged with what it may verify. */
export const trustedKeysSection = z.object({
  keys: z
    .array(trustedKey)
    .max(64)
    .refine((keys) => new Set(keys.map((k) => k.kid)).size === keys.length, "two keys share a kid"),
});
export type TrustedKeysSection = z.infer<typeof trustedKeysSection>;

/**
 * The site's members with their roles, and who was removed (their tokens are refused from this version).
 * A removal comes down only while a token issued before it could still be alive (see `unexpired`).
 */
export const membersSection = z.object({
  members: z
    .array(
      z.object({
        userId: z.string().min(1).max(64),
        email: z.string().max(254),
        displayName: z.string().max(120).nullable(),
        role: z.enum(SITE_ROLES),
      }),
    )
    .max(1000),
  removed: z.array(z.object({ userId: z.string().min(1).max(64), removedAt: z.string() })).max(10_000),
});
export type MembersSection = z.infer<typeof membersSection>;
