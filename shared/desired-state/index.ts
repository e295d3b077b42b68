/**
 * The desired-state contract (cloud → hub): one versioned document per site, made of named sections, each at
 * a schema version. The hub states which sections and versions it applies (`Outpost-Sections`); the cloud
 * serves each at the newest version that hub understands, or says it cannot. The hub validates every
 * section, applies the whole document in one transaction, and reports what it applied.
 */

import { z } from "zod";

/**
 * `GET /v1/hubs/:hubId/desired-state` answers this (JSON). The ETag is `"<version>.<tag of the served set>"`
 * (plain `"<version>"` for a hub that states no set); `If-None-Match` with it → 304.
 */
export const DESIRED_STATE_PATH = (hubId: string) => `/v1/hubs/${hubId}/desired-state`;

const sectionKey = z.string().regex(/^[a-z][a-zA-Z]*$/);
const schemaVersion = z.number().int().min(0).max(9999);

/** A section the hub stated it applies that the cloud cannot serve at any version the hub knows. */
export const unservableSection = z.object({
  section: sectionKey,
  /** The versions the hub stated. */
  hubVersions: z.array(schemaVersion).max(16),
  /** The versions the cloud can serve (empty: the cloud does not know the section). */
  cloudVersions: z.array(schemaVersion).max(16),
});
export type UnservableSection = z.infer<typeof unservableSection>;

/**
 * The document. `sections` maps a section name to its payload, `sectionVersions` the same name to the schema
 * version it was produced at (absent entry: version 1, a cloud from before versions). `version` is the site's
 * document version, the same for every hub; it moves when any section at any version changes.
 */
export const desiredStateDocument = z.object({
  siteId: z.string().min(1).max(64),
  hubId: z.string().min(1).max(64),
  version: z.number().int().positive(),
  issuedAt: z.string(),
  sections: z.record(sectionKey, z.unknown()),
  sectionVersions: z.record(sectionKey, schemaVersion).default({}),
  unservable: z.array(unservableSection).max(64).default([]),
});
export type DesiredStateDocument = z.input<typeof desiredStateDocument>;

/**
 * `POST /v1/hubs/:hubId/desired-state/applied`: the version the hub applied (and each section's schema
 * version it applied it at), or why it could not.
 */
export const appliedReportSchema = z.object({
  version: z.number().int().positive(),
  error: z.string().max(2000).nullable().default(null),
  sections: z.record(sectionKey, schemaVersion).optional(),
});
export type AppliedReport = z.infer<typeof appliedReportSchema>;

export * from "./access-sections.ts";
export * from "./catalog.ts";
export * from "./expiring.ts";
export * from "./roles.ts";
export * from "./sections.ts";
export * from "./site-section.ts";
