/**
 * Admin tokens from the appliance's own shell (`npm run hub -- admin token`): whoever can read the data
 * directory is trusted, so the signing secret lives in the hub's settings there. HS256, 15 minutes.
 */
import { jwtVerify, SignJWT } from "jose";
import type { HubDb } from "../db/index.ts";
import { getSetting, putSetting } from "../identity.ts";
import { randomToken } from "./secrets.ts";

export const ADMIN_TOKEN_TTL_S = 15 * 60;
const ISSUER = "outpost-hub-shell";
const SECRET_KEY = "adminTokenSecret";
export const ADMIN_SUBJECT = "hub-shell";

async function secretOf(db: HubDb): Promise<Uint8Array> {
  let secret = await getSetting<string>(db, SECRET_KEY);
  if (!secret) {
    secret = randomToken(32);
    await putSetting(db, SECRET_KEY, secret);
    // Two processes may race on the first mint; whichever write landed is the secret.
    secret = (await getSetting<string>(db, SECRET_KEY)) ?? secret;
  }
  return new TextEncoder().encode(secret);
}

/** Mints an admin token for this hub, valid ADMIN_TOKEN_TTL_S from `nowMs`. */
export async function mintAdminToken(db: HubDb, hubId: string, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ name: "Hub shell", role: "admin" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(hubId)
    .setSubject(ADMIN_SUBJECT)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ADMIN_TOKEN_TTL_S)
    .sign(await secretOf(db));
}

/** The token's expiry (ms) if it is a valid admin token of this hub at `nowMs`; throws otherwise. */
export async function verifyAdminToken(db: HubDb, hubId: string, token: string, nowMs: number) {
  const { payload } = await jwtVerify(token, await secretOf(db), {
    algorithms: ["HS256"],
    issuer: ISSUER,
    audience: hubId,
    currentDate: new Date(nowMs),
    requiredClaims: ["exp", "sub"],
  });
  return { subject: String(payload.sub), expiresAt: (payload.exp as number) * 1000 };
}
