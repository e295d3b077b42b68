/** Signed time (contract): the cloud vouches for its time to one hub, under the key that signs access tokens. */
import { decodeProtectedHeader } from "jose";
import { z } from "zod";
import { fromBase64url } from "../ids/index.ts";

/** The response header on the cloud's answers to a hub: a compact JWS of `{ now, hubId }`. */
export const HUB_TIME_HEADER = "outpost-time";
/** Its protected header's `typ`: a signed time is never mistaken for a token, nor a token for a time. */
export const HUB_TIME_TYP = "outpost-time";

export const hubTimeSchema = z.object({
  /** The cloud's time, milliseconds since the Unix epoch. */
  now: z.number().int().positive(),
  hubId: z.string().min(1).max(64),
});
export type HubTime = z.infer<typeof hubTimeSchema>;

/** The payload of a signed time, checked for shape, type and hub; null when it is none of those. Does not verify. */
export function readHubTime(payload: Uint8Array, typ: unknown, hubId: string): HubTime | null {
  if (typ !== HUB_TIME_TYP) return null;
  try {
    const parsed = hubTimeSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return parsed.success && parsed.data.hubId === hubId ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The time a signed time names, WITHOUT verifying its signature: only for dating the hub's own next
 * token (a wrong time there can only get that token refused), never for checking anyone else's.
 */
export function peekHubTime(jws: string, hubId: string): number | null {
  try {
    const payload = fromBase64url(jws.split(".")[1] ?? "");
    return readHubTime(payload, decodeProtectedHeader(jws).typ, hubId)?.now ?? null;
  } catch {
    return null;
  }
}
