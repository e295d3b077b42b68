/**
 * A site's desired-state document: every producer's output, versioned by the digest of all of it, and served
 * to one hub as the sections it stated, each at the newest schema version both sides know.
 */
import { and, eq } from "drizzle-orm";
import type { Clock } from "../../../shared/clock/index.ts";
import {
  type AppliedReport,
  type DesiredStateDocument,
  LEGACY_SECTION_SET,
  type SectionRef,
  type UnservableSection,
} from "../../../shared/desired-state/index.ts";
import { base64url } from "../../../shared/ids/index.ts";
import type { BoundProducer } from "../../module/index.ts";
import type { AuthenticatedHub } from "../hub-auth.ts";
import * as schema from "../schema.ts";
import { SITES_PRODUCERS, type SitesProducerDeps } from "./producers.ts";

export interface DesiredStateDeps extends SitesProducerDeps {
  clock: Clock;
  /**
   * Every (section, version) producer the cloud serves, each bound to its own module's dependencies (the
   * module manifests' `desiredState`, cloud/module); the sites module's own list by default.
   */
  producers?: () => readonly BoundProducer[];
}

export interface ServedDocument {
  document: DesiredStateDocument;
  /** `"<version>"` for a hub that stated no sections, `"<version>.<tag of what was served>"` otherwise. */
  etag: string;
}

async function digestOf(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/**
 * The document for the hub's site as served for `stated` (the hub's `Outpost-Sections`; undefined: the set
 * hubs had before they stated one). The site's version moves when any producer's output changed, so it is
 * the same number whichever hub asks; the ETag adds what this hub was served, so a hub that learns a section
 * (or a version) misses the cache and gets it, even when the version has not moved.
 */
export async function desiredStateFor(
  deps: DesiredStateDeps,
  hub: AuthenticatedHub,
  stated?: readonly SectionRef[],
): Promise<ServedDocument> {
  const producers =
    deps.producers?.() ??
    SITES_PRODUCERS.map((p) => ({
      section: p.section,
      version: p.version,
      produce: (siteId: string) => p.produce(deps, siteId),
    }));
  const outputs = new Map<string, unknown>();
  for (const p of producers) outputs.set(`${p.section}@${p.version}`, await p.produce(hub.siteId));
  const { version, issuedAt } = await siteVersion(deps, hub.siteId, await digestOf([...outputs]));

  const sections: Record<string, unknown> = {};
  const sectionVersions: Record<string, number> = {};
  const unservable: UnservableSection[] = [];
  for (const [section, hubVersions] of groupBySection(stated ?? LEGACY_SECTION_SET)) {
    const cloudVersions = producers.filter((p) => p.section === section).map((p) => p.version as number);
    const both = hubVersions.filter((v) => cloudVersions.includes(v));
    if (both.length === 0) {
      unservable.push({ section, hubVersions, cloudVersions: cloudVersions.sort((a, b) => a - b) });
      continue;
    }
    const newest = Math.max(...both);
    sections[section] = outputs.get(`${section}@${newest}`);
    sectionVersions[section] = newest;
  }
  const document = {
    siteId: hub.siteId,
    hubId: hub.hubId,
    version,
    issuedAt: new Date(issuedAt).toISOString(),
    sections,
    sectionVersions,
    unservable,
  };
  const tag = (await digestOf({ sectionVersions, unservable })).slice(0, 16);
  return { document, etag: stated ? `"${version}.${tag}"` : `"${version}"` };
}

function groupBySection(refs: readonly SectionRef[]): Map<string, number[]> {
  const grouped = new Map<string, number[]>();
  for (const { section, version } of refs) grouped.set(section, [...(grouped.get(section) ?? []), version]);
  return grouped;
}

/** The site's version for this digest: moved on only when it changed; racing bumps agree by a conditional update. */
async function siteVersion(
  deps: DesiredStateDeps,
  siteId: string,
  digest: string,
): Promise<{ version: number; issuedAt: number }> {
  const of = eq(schema.desiredStateVersions.siteId, siteId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await deps.db.select().from(schema.desiredStateVersions).where(of).get();
    if (stored?.digest === digest) return { version: stored.version, issuedAt: stored.issuedAt };
    const now = deps.clock.now();
    if (!stored) {
      const made = await deps.db
        .insert(schema.desiredStateVersions)
        .values({ siteId, version: 1, digest, issuedAt: now })
        .onConflictDoNothing()
        .returning({ version: schema.desiredStateVersions.version });
      if (made.length > 0) return { version: 1, issuedAt: now };
      continue;
    }
    const bumped = await deps.db
      .update(schema.desiredStateVersions)
      .set({ version: stored.version + 1, digest, issuedAt: now })
      .where(and(of, eq(schema.desiredStateVersions.version, stored.version)))
      .returning({ version: schema.desiredStateVersions.version });
    if (bumped.length > 0) return { version: stored.version + 1, issuedAt: now };
  }
  throw new Error("desired-state version kept moving");
}

/** Records what the hub applied (and at which section versions), or why it could not apply a version. */
export async function recordApplied(
  deps: DesiredStateDeps,
  hub: AuthenticatedHub,
  report: AppliedReport,
): Promise<void> {
  const now = deps.clock.now();
  const row = report.error
    ? { lastError: report.error, reportedAt: now }
    : {
        appliedVersion: report.version,
        appliedAt: now,
        appliedSections: report.sections ?? null,
        lastError: null,
        reportedAt: now,
      };
  await deps.db
    .insert(schema.hubDesiredState)
    .values({ hubId: hub.hubId, ...row })
    .onConflictDoUpdate({ target: schema.hubDesiredState.hubId, set: row });
}
