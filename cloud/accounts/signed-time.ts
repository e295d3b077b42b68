/** Signed time for a hub: the cloud's `now` under the access-token key, so a hub booted in the past can trust it. */
import { CompactSign } from "jose";
import { ACCESS_TOKEN_ALG } from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { HUB_TIME_TYP, type HubTime } from "../../shared/sync/index.ts";
import type { KeyRing } from "./signing-keys.ts";

/** Signs `{ now, hubId }` as a compact JWS (typ HUB_TIME_TYP); the hub verifies it with its trusted access keys. */
export type TimeSigner = (hubId: string) => Promise<string>;

export function timeSigner(deps: { keys: KeyRing; clock: Clock }): TimeSigner {
  return async (hubId) => {
    const key = await deps.keys.signingKey();
    const time: HubTime = { now: deps.clock.now(), hubId };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(time)))
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: key.kid, typ: HUB_TIME_TYP })
      .sign(key.privateKey);
  };
}
