/** The `trustedKeys` and `members` desired-state sections: each replaces its table inside the document's transaction. */
import { sql } from "drizzle-orm";
import {
  membersSection as membersSchema,
  trustedKeysSection as trustedKeysSchema,
} from "../../shared/desired-state/index.ts";
import { removedMembers, siteMembers, trustedKeys } from "../db/index.ts";
import { defineSection, type HubTx } from "../desired-state/section.ts";

// Rows per INSERT: far below SQLite's bound-parameter limit for these narrow tables.
const CHUNK = 200;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** The cloud owns the key list: a key missing from a version stops verifying at once. */
export const trustedKeysSection = defineSection({
  name: "trustedKeys",
  schema: trustedKeysSchema,
  async apply(tx: HubTx, value) {
    await tx.delete(trustedKeys);
    await insertChunked(value.keys, (chunk) =>
      tx.insert(trustedKeys).values(chunk.map((jwk) => ({ kid: jwk.kid, jwk }))),
    );
  },
});

/** The cloud owns membership; the cloud sessions of anyone no longer a member end in the same transaction. */
export const membersSection = defineSection({
  name: "members",
  schema: membersSchema,
  async apply(tx: HubTx, value) {
    await tx.delete(siteMembers);
    await insertChunked(value.members, (chunk) =>
      tx
        .insert(siteMembers)
        .values(
          chunk.map((m) => ({ userId: m.userId, email: m.email, displayName: m.displayName, role: m.role })),
        ),
    );
    await tx.delete(removedMembers);
    await insertChunked(value.removed, (chunk) => tx.insert(removedMembers).values(chunk));
    await tx.run(sql`DELETE FROM hub_sessions WHERE kind = 'cloud' AND (
      subject IN (SELECT user_id FROM removed_members) OR subject NOT IN (SELECT user_id FROM site_members))`);
  },
});
