/** The `trustedKeys` (v1, v2) and `members` desired-state sections: each replaces its table inside the document's transaction. */
import { sql } from "drizzle-orm";
import {
  type KeyPurpose,
  membersSection as membersSchema,
  trustedKeysSection as trustedKeysSchema,
  trustedKeysSectionV1 as trustedKeysV1Schema,
} from "../../shared/desired-state/index.ts";
import { removedMembers, siteMembers, trustedKeys } from "../db/index.ts";
import { defineSection, type HubTx } from "../desired-state/section.ts";

// Rows per INSERT: far below SQLite's bound-parameter limit for these narrow tables.
const CHUNK = 200;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** The cloud owns the key list: a key missing from a version stops verifying at once. */
async function replaceKeys(
  tx: HubTx,
  keys: (Record<string, unknown> & { kid: string; purpose: KeyPurpose })[],
) {
  await tx.delete(trustedKeys);
  await insertChunked(keys, (chunk) =>
    tx.insert(trustedKeys).values(chunk.map((jwk) => ({ kid: jwk.kid, jwk }))),
  );
}

/** trustedKeys@2: keys of any algorithm the hub verifies, each stored with its purpose. */
export const trustedKeysSection = defineSection({
  name: "trustedKeys",
  version: 2,
  schema: trustedKeysSchema,
  apply: (tx, value) => replaceKeys(tx, value.keys),
});

/** trustedKeys@1 (from a cloud that does not serve v2 yet): EC P-256 keys, all of them for access tokens. */
export const trustedKeysSectionV1 = defineSection({
  name: "trustedKeys",
  version: 1,
  schema: trustedKeysV1Schema,
  apply: (tx, value) =>
    replaceKeys(
      tx,
      value.keys.map((k) => ({ ...k, purpose: "access" as const })),
    ),
});

/** The cloud owns membership; the cloud sessions of anyone no longer a member end in the same transaction. */
export const membersSection = defineSection({
  name: "members",
  version: 1,
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
