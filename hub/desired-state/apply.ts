/** Applies a desired-state document: every known section validated first, then all of them in one transaction. */
import { inArray } from "drizzle-orm";
import { desiredStateDocument, type UnservableSection } from "../../shared/desired-state/index.ts";
import { type HubDb, hubSettings } from "../db/index.ts";
import { getSetting } from "../identity.ts";
import type { HubSection } from "./section.ts";
import { SITE_KEY } from "./site-section.ts";

export const APPLIED_KEY = "desiredState.applied";

export interface AppliedState {
  version: number;
  appliedAt: number;
  /** The ETag the document was served with: it names this hub's section set, so a new set misses the cache. */
  etag?: string;
  /** Section name → schema version applied. */
  sections?: Record<string, number>;
}

/** A document refused before anything was applied; `message` names the section and the reason. */
export class DesiredStateRejected extends Error {}

export interface ApplyDeps {
  db: HubDb;
  sections: readonly HubSection[];
  binding: { siteId: string; hubId: string };
  now: number;
  /** The ETag the cloud served the document with, recorded with the applied version. */
  etag?: string | undefined;
}

export interface ApplyResult {
  version: number;
  /** Section name → schema version applied. */
  applied: Record<string, number>;
  /** `name@version` of sections served that this hub has no apply function for (kept out, reported). */
  unknown: string[];
  /** Sections the hub stated that the cloud cannot serve it (the cloud's word, passed on). */
  unservable: UnservableSection[];
}

/** Applies what the hub knows; throws DesiredStateRejected (nothing applied) when any known section is invalid. */
export async function applyDocument(deps: ApplyDeps, raw: unknown): Promise<ApplyResult> {
  const parsed = desiredStateDocument.safeParse(raw);
  if (!parsed.success) throw new DesiredStateRejected(`document: ${describe(parsed.error.issues)}`);
  const doc = parsed.data;
  if (doc.siteId !== deps.binding.siteId)
    throw new DesiredStateRejected(`document: for site ${doc.siteId}, not this hub's`);

  const served = new Map<HubSection, unknown>();
  const unknown: string[] = [];
  for (const name of Object.keys(doc.sections)) {
    // A document from a cloud that did not name versions yet carries every section at version 1.
    const version = doc.sectionVersions[name] ?? 1;
    const section = deps.sections.find((s) => s.name === name && s.version === version);
    if (section) served.set(section, doc.sections[name]);
    else unknown.push(`${name}@${version}`);
  }
  const values = new Map<HubSection, unknown>();
  const problems: string[] = [];
  // Registry order is apply order (devices before the equipment they make).
  for (const section of deps.sections) {
    if (!served.has(section)) continue;
    const result = section.schema.safeParse(served.get(section));
    if (result.success) values.set(section, result.data);
    else problems.push(`${section.name}: ${describe(result.error.issues)}`);
  }
  if (problems.length > 0) throw new DesiredStateRejected(problems.join("; "));

  const ctx = { ...deps.binding, version: doc.version, now: deps.now };
  const applied = Object.fromEntries([...values.keys()].map((s) => [s.name, s.version]));
  await deps.db.transaction(async (tx) => {
    for (const [section, value] of values) {
      try {
        await section.apply(tx, value, ctx);
      } catch (err) {
        // A verb refused a value the schema let through (a range, a conflict): the whole document rolls back.
        throw new DesiredStateRejected(
          `${section.name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    const state: AppliedState = {
      version: doc.version,
      appliedAt: deps.now,
      ...(deps.etag ? { etag: deps.etag } : {}),
      sections: applied,
    };
    await tx
      .insert(hubSettings)
      .values({ key: APPLIED_KEY, value: state })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value: state } });
  });
  return { version: doc.version, applied, unknown, unservable: doc.unservable };
}

export function appliedState(db: HubDb): Promise<AppliedState | undefined> {
  return getSetting<AppliedState>(db, APPLIED_KEY);
}

function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(root)"} ${i.message}`)
    .join(", ");
}

/** Forgets the applied version and the site's settings (a new cloud binding): the next document applies whole. */
export async function forgetAppliedState(db: HubDb): Promise<void> {
  await db.delete(hubSettings).where(inArray(hubSettings.key, [APPLIED_KEY, SITE_KEY]));
}
