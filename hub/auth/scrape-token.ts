/** The read-only `/metrics` scrape token: made by the CLI, kept hashed in the hub's settings. */
import type { HubDb } from "../db/index.ts";
import { getSetting, putSetting } from "../identity.ts";
import { randomToken, sameHash, sha256 } from "./secrets.ts";

const KEY = "metricsScrapeTokenHash";

/** Makes a new scrape token (the previous one stops working) and returns it; shown once. */
export async function issueScrapeToken(db: HubDb): Promise<string> {
  const token = `scrape_${randomToken(24)}`;
  await putSetting(db, KEY, sha256(token));
  return token;
}

export async function isScrapeToken(db: HubDb, token: string): Promise<boolean> {
  const hash = await getSetting<string>(db, KEY);
  return hash !== undefined && sameHash(token, hash);
}
