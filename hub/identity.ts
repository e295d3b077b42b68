/** The hub's own identity: a hub id made at first start, and the site it belongs to. */
import { eq } from "drizzle-orm";
import { uuidv7 } from "../shared/ids/index.ts";
import { type HubDb, hubSettings } from "./db/index.ts";

/** Until the hub is claimed its events name this local site; sync stamps the claimed site. */
export const LOCAL_SITE = "local";

export async function getSetting<T>(db: HubDb, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(hubSettings).where(eq(hubSettings.key, key));
  return row?.value as T | undefined;
}

export async function putSetting(db: HubDb, key: string, value: unknown): Promise<void> {
  await db
    .insert(hubSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: hubSettings.key, set: { value } });
}

/** Returns the hub id, making one on first start. */
export async function ensureHubId(db: HubDb, nowMs: number): Promise<string> {
  const existing = await getSetting<string>(db, "hubId");
  if (existing) return existing;
  const id = `hub-${uuidv7(nowMs)}`;
  await putSetting(db, "hubId", id);
  return id;
}
