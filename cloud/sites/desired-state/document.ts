/** A site's desired-state document: produced section by section, versioned by the digest of its content. */
import { and, eq } from "drizzle-orm";
import type { Clock } from "../../../shared/clock/index.ts";
import type { AppliedReport, DesiredStateDocument } from "../../../shared/desired-state/index.ts";
import { base64url } from "../../../shared/ids/index.ts";
import type { AuthenticatedHub } from "../hub-auth.ts";
import * as schema from "../schema.ts";
import { type ProducerDeps, SECTION_PRODUCERS } from "./producers.ts";

export interface DesiredStateDeps extends ProducerDeps {
  clock: Clock;
}

async function digestOf(sections: Record<string, unknown>): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(sections));
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/**
 * The current document for the hub's site. The version moves on only when the content changed since the
 * stored digest; two hubs (or two requests) racing to bump agree through the conditional update.
 */
export async function desiredStateFor(
  deps: DesiredStateDeps,
  hub: AuthenticatedHub,
): Promise<DesiredStateDocument> {
  const sections: Record<string, unknown> = {};
  for (const [name, produce] of Object.entries(SECTION_PRODUCERS))
    sections[name] = await produce(deps, hub.siteId);
  const digest = await digestOf(sections);
  const of = eq(schema.desiredStateVersions.siteId, hub.siteId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await deps.db.select().from(schema.desiredStateVersions).where(of).get();
    const document = (version: number, issuedAt: number): DesiredStateDocument => ({
      siteId: hub.siteId,
      hubId: hub.hubId,
      version,
      issuedAt: new Date(issuedAt).toISOString(),
      sections,
    });
    if (stored?.digest === digest) return document(stored.version, stored.issuedAt);
    const now = deps.clock.now();
    if (!stored) {
      const made = await deps.db
        .insert(schema.desiredStateVersions)
        .values({ siteId: hub.siteId, version: 1, digest, issuedAt: now })
        .onConflictDoNothing()
        .returning({ version: schema.desiredStateVersions.version });
      if (made.length > 0) return document(1, now);
      continue;
    }
    const bumped = await deps.db
      .update(schema.desiredStateVersions)
      .set({ version: stored.version + 1, digest, issuedAt: now })
      .where(and(of, eq(schema.desiredStateVersions.version, stored.version)))
      .returning({ version: schema.desiredStateVersions.version });
    if (bumped.length > 0) return document(stored.version + 1, now);
  }
  throw new Error("desired-state version kept moving");
}

/** Records what the hub applied (or why it could not apply a version). */
export async function recordApplied(
  deps: DesiredStateDeps,
  hub: AuthenticatedHub,
  report: AppliedReport,
): Promise<void> {
  const now = deps.clock.now();
  const row = report.error
    ? { lastError: report.error, reportedAt: now }
    : { appliedVersion: report.version, appliedAt: now, lastError: null, reportedAt: now };
  await deps.db
    .insert(schema.hubDesiredState)
    .values({ hubId: hub.hubId, ...row })
    .onConflictDoUpdate({ target: schema.hubDesiredState.hubId, set: row });
}
