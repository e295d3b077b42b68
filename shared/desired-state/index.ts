/**
 * The desired-state contract (cloud → hub): one versioned document per site, made of named sections.
 * The cloud's `sites` module owns the document; the hub validates every section, applies the whole
 * document in one transaction, and reports the version it applied. A section is one schema here plus
 * one apply function on the hub (hub/desired-state); adding a module's configuration adds a section.
 */

import { z } from "zod";
import { SITE_ROLES, type SiteRole } from "../roles/index.ts";

/** `GET /v1/hubs/:hubId/desired-state` answers this (JSON); `If-None-Match: "<version>"` → 304. */
export const DESIRED_STATE_PATH = (hubId: string) => `/v1/hubs/${hubId}/desired-state`;

/** Hub roles at the site, from the cloud's site membership (design: Hub identity). */
export const HUB_ROLES = ["read", "operate", "admin"] as const;
export type HubRole = (typeof HUB_ROLES)[number];
/** OWNER administers the hub, MAINTAINER operates it (acknowledges alarms, sends commands), GUEST reads. */
export const HUB_ROLE_OF: Record<SiteRole, HubRole> = {
  OWNER: "admin",
  MAINTAINER: "operate",
  GUEST: "read",
};

/** Public EC P-256 keys that sign cloud access and hub-scoped tokens (the accounts JWKS). */
export const trustedKeysSection = z.object({
  keys: z
    .array(
      z.looseObject({
        kty: z.literal("EC"),
        crv: z.literal("P-256"),
        x: z.string().min(1),
        y: z.string().min(1),
        kid: z.string().min(1),
      }),
    )
    .max(16),
});
export type TrustedKeysSection = z.infer<typeof trustedKeysSection>;

/** The site's members with their roles, and who was removed (their tokens are refused from this version). */
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

/**
 * The document. `sections` maps a section name to its payload; every section the hub knows is
 * validated by its own schema before anything is applied. A section the hub does not know yet is
 * kept out of the transaction and reported, never half-applied.
 */
export const desiredStateDocument = z.object({
  siteId: z.string().min(1).max(64),
  hubId: z.string().min(1).max(64),
  version: z.number().int().positive(),
  issuedAt: z.string(),
  sections: z.record(z.string().regex(/^[a-z][a-zA-Z]*$/), z.unknown()),
});
export type DesiredStateDocument = z.infer<typeof desiredStateDocument>;

export * from "./sections.ts";

/** `POST /v1/hubs/:hubId/desired-state/applied`: the version the hub applied, or why it could not. */
export const appliedReportSchema = z.object({
  version: z.number().int().positive(),
  error: z.string().max(2000).nullable().default(null),
});
export type AppliedReport = z.infer<typeof appliedReportSchema>;
