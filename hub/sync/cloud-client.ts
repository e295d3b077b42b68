/** Signed calls from the hub to its cloud: a fresh hub token per call, a timeout, and errors that name only the status and code. */
import type { Clock } from "../../shared/clock/index.ts";
import { HUB_TIME_HEADER, peekHubTime, signHubToken } from "../../shared/sync/index.ts";
import type { CloudBinding } from "./identity.ts";

export interface CloudCallDeps {
  clock: Clock;
  fetch?: typeof fetch;
  /** The time the hub's tokens are dated by (trusted time: the clock, or the last-known-good if later). */
  signingNow?: () => Promise<number>;
  /** Handed each answer's signed time (never the unsigned `Date`): verified and kept, or ignored. */
  onSignedTime?: (jws: string, binding: CloudBinding) => Promise<unknown>;
}

export class CloudCallError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, code: string | undefined, path: string) {
    // The remote body is never echoed: only its status and error code.
    super(`cloud answered ${status}${code ? ` ${code}` : ""} for ${path}`);
    this.status = status;
    this.code = code;
  }
}

/** Calls `path` on the binding's cloud as this hub; throws CloudCallError on a non-2xx, non-304 answer. */
export async function callCloud(
  deps: CloudCallDeps,
  binding: CloudBinding,
  path: string,
  // Bytes or text, never a stream: a call refused for its time is sent again.
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
): Promise<Response> {
  const send = async (nowMs: number) => {
    const token = await signHubToken(binding.privateJwk, binding, nowMs);
    const res = await (deps.fetch ?? fetch)(new URL(path, binding.cloudUrl), {
      method: init.method ?? "GET",
      headers: { ...init.headers, authorization: `Bearer ${token}` },
      body: init.body ?? null,
      signal: AbortSignal.timeout(15_000),
    });
    const signedTime = res.headers.get(HUB_TIME_HEADER);
    if (signedTime) await deps.onSignedTime?.(signedTime, binding);
    return { res, signedTime };
  };
  const first = await send(deps.signingNow ? await deps.signingNow() : deps.clock.now());
  let res = first.res;
  // The cloud signs its time onto a 401 only when the token's window was wrong (this hub's clock is off):
  // retry once, dated by that time. Unverified is fine for that (a wrong time only gets our own token
  // refused); it becomes the last-known-good time only through onSignedTime, which verifies it.
  const cloudNow =
    res.status === 401 && first.signedTime ? peekHubTime(first.signedTime, binding.hubId) : null;
  if (cloudNow !== null) {
    await res.body?.cancel();
    res = (await send(cloudNow)).res;
  }
  if (!res.ok && res.status !== 304) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: unknown } } | null;
    const code = typeof body?.error?.code === "string" ? body.error.code.slice(0, 40) : undefined;
    throw new CloudCallError(res.status, code, path);
  }
  return res;
}
