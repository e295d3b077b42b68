/** Signed calls from the hub to its cloud: a fresh hub token per call, a timeout, and errors that name only the status and code. */
import type { Clock } from "../../shared/clock/index.ts";
import { signHubToken } from "../../shared/sync/index.ts";
import type { CloudBinding } from "./identity.ts";

export interface CloudCallDeps {
  clock: Clock;
  fetch?: typeof fetch;
  /** Told the cloud's `Date` on every answer (the hub's last-known-good time). */
  onCloudContact?: (cloudNowMs: number) => void | Promise<void>;
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
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {},
): Promise<Response> {
  const token = await signHubToken(binding.privateJwk, binding, deps.clock.now());
  const res = await (deps.fetch ?? fetch)(new URL(path, binding.cloudUrl), {
    method: init.method ?? "GET",
    headers: { ...init.headers, authorization: `Bearer ${token}` },
    body: init.body ?? null,
    signal: AbortSignal.timeout(15_000),
  });
  const date = Date.parse(res.headers.get("date") ?? "");
  if (Number.isFinite(date)) await deps.onCloudContact?.(date);
  if (!res.ok && res.status !== 304) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: unknown } } | null;
    const code = typeof body?.error?.code === "string" ? body.error.code.slice(0, 40) : undefined;
    throw new CloudCallError(res.status, code, path);
  }
  return res;
}
