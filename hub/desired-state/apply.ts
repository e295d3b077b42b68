/** Applies a desired-state document: every known section validated first, then all of them in one transaction. */
import { eq } from "drizzle-orm";
import { type DesiredStateDocument, desiredStateDocument } from "../../shared/desired-state/index.ts";
import { type HubDb, hubSettings } from "../db/index.ts";
import { getSetting } from "../identity.ts";
import type { HubSection } from "./section.ts";

export const APPLIED_KEY = "desiredState.applied";

export interface AppliedState {
  version: number;
  appliedAt: number;
}

/** A document refused before anything was applied; `message` names the section and the reason. */
export class DesiredStateRejected extends Error {}

export interface ApplyDeps {
  db: HubDb;
  sections: readonly HubSection[];
  binding: { siteId: string; hubId: string };
  now: number;
}

/** Returns the sections the hub does not know (kept out, reported); throws DesiredStateRejected on any invalid one. */
export async function applyDocument(
  deps: ApplyDeps,
  raw: unknown,
): Promise<{ version: number; unknown: string[] }> {
  const parsed = desiredStateDocument.safeParse(raw);
  if (!parsed.success) throw new DesiredStateRejected(`document: ${describe(parsed.error.issues)}`);
  const doc: DesiredStateDocument = parsed.data;
  if (doc.siteId !== deps.binding.siteId)
    throw new DesiredStateRejected(`document: for site ${doc.siteId}, not this hub's`);

  const values = new Map<HubSection, unknown>();
  const problems: string[] = [];
  for (const section of deps.sections) {
    if (!(section.name in doc.sections)) continue;
    const result = section.schema.safeParse(doc.sections[section.name]);
    if (result.success) values.set(section, result.data);
    else problems.push(`${section.name}: ${describe(result.error.issues)}`);
  }
  if (problems.length > 0) throw new DesiredStateRejected(problems.join("; "));

  const ctx = { ...deps.binding, version: doc.version, now: deps.now };
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
    const applied: AppliedState = { version: doc.version, appliedAt: deps.now };
    await tx
      .insert(hubSettings)
      .values({ key: APPLIED_KEY, value: applied })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value: applied } });
  });
  const known = new Set(deps.sections.map((s) => s.name));
  return { version: doc.version, unknown: Object.keys(doc.sections).filter((n) => !known.has(n)) };
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

/** Forgets the applied version (a new cloud binding): the next document applies whatever its number. */
export async function forgetAppliedState(db: HubDb): Promise<void> {
  await db.delete(hubSettings).where(eq(hubSettings.key, APPLIED_KEY));
}
