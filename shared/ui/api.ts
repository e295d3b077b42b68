/** The one fetch path both screens use: JSON in, JSON out, and the API's one error shape turned into an ApiError. */

/** Codes the API answers, plus two the browser itself can produce. */
export type ApiErrorCode = string | "NETWORK" | "BAD_RESPONSE";

/** A failed call, in the API's own words (`error.message`), with its code and request id for support. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details?: unknown;
  readonly requestId?: string;

  constructor(code: ApiErrorCode, message: string, status: number, details?: unknown, requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }
}

/** What each code of the one error shape means to a person; the server's message follows as the detail. */
const CODE_WORDS: Record<string, string> = {
  CONFLICT: "That cannot be done now",
  NOT_FOUND: "That no longer exists",
  FORBIDDEN: "Your role does not allow that",
  UNAUTHORIZED: "You need to sign in again",
  RATE_LIMITED: "Too many attempts",
  PAYMENT_REQUIRED: "This needs a paid plan",
  PLAN_LIMIT: "Your plan's limit is reached",
  SERVICE_UNAVAILABLE: "The service is unavailable for a moment; try again shortly",
  INTERNAL: "Something went wrong on our side; try again",
  NETWORK: "Cannot reach the server. Check the connection and try again.",
};

// Enum words inside a message ("this one is RAISED") read as words ("this one is raised").
const ACRONYMS = new Set(["JSON", "HTTP", "HTTPS", "TOTP", "UUID", "MQTT", "CSRF", "IANA", "UTC"]);
export const plain = (message: string): string =>
  message.replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{4,}\b/g, (w) =>
    ACRONYMS.has(w) ? w : w.replaceAll("_", " ").toLowerCase(),
  );

/** "in 2 min", "in 40 s": the wait a rate limit asks for. */
const waitText = (seconds: number): string =>
  seconds >= 90 ? `in ${Math.ceil(seconds / 60)} min` : `in ${Math.max(1, Math.ceil(seconds))} s`;

/**
 * A refusal in words: the one error shape `{code, message}` (bare, under `error`, or as an ApiError) becomes
 * "That cannot be done now: only a cleared alarm can be closed". Never raw JSON.
 */
export function refusalText(err: unknown): string {
  const e =
    err && typeof err === "object" && "error" in err && !(err instanceof Error)
      ? (err as { error: unknown }).error
      : err;
  if (!e || typeof e !== "object")
    return typeof e === "string" && e ? plain(e) : "Refused, with no reason given.";
  const { code, message } = e as { code?: unknown; message?: unknown };
  const lead = typeof code === "string" ? CODE_WORDS[code] : undefined;
  const detail = typeof message === "string" && message ? plain(message) : "";
  if (code === "NETWORK") return lead!;
  if (lead && detail) return `${lead}: ${detail}.`.replace(/\.\.$/, ".");
  return lead ? `${lead}.` : detail || "Refused, with no reason given.";
}

/** A person-readable line for any failure: validation details name the fields that are wrong. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const issues = Array.isArray(err.details) ? (err.details as { path?: unknown[]; message?: string }[]) : [];
  const fields = issues
    .filter((i) => i && typeof i.message === "string")
    .map((i) => (i.path?.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .slice(0, 3);
  if (fields.length) return `${err.message} (${fields.join("; ")})`;
  const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (err.code === "RATE_LIMITED" && typeof retry === "number")
    return `${err.message}. Try again ${waitText(retry)}.`;
  if (err.code === "CONFLICT" || err.code === "NOT_FOUND") return refusalText(err);
  return plain(err.message);
}

/** True when the failure is the connection, not the server's answer: screens show "offline", not an error. */
export const isOffline = (err: unknown): boolean => err instanceof ApiError && err.code === "NETWORK";

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Joins a path template's already-encoded segments with a query string (undefined values dropped). */
export function withQuery(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** `seg` encodes one path segment, so ids can never change the route. */
export const seg = (value: string): string => encodeURIComponent(value);

/**
 * `fetch` that resolves only with a 2xx answer: a failure becomes an ApiError in the API's own words (or
 * NETWORK, BAD_RESPONSE). Both the typed clients (Hono's `hc`, given this as its fetch) and `requestJson` use it.
 */
export async function fetchOk(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(input, { credentials: "same-origin", ...init });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError("NETWORK", "Cannot reach the server. Check the connection and try again.", 0);
  }
  if (res.ok) return res;
  const body: unknown = await res.json().catch(() => undefined);
  const e = (body as { error?: { code?: string; message?: string; details?: unknown; requestId?: string } })
    ?.error;
  // A rate limit's wait comes as Retry-After; kept with the details so the sentence can name it.
  const retryAfter = Number(res.headers.get("retry-after"));
  const details =
    res.status === 429 && retryAfter > 0 && !Array.isArray(e?.details)
      ? { ...(e?.details as object | undefined), retryAfterSeconds: retryAfter }
      : e?.details;
  if (e?.code && e.message) throw new ApiError(e.code, e.message, res.status, details, e.requestId);
  throw new ApiError(
    "BAD_RESPONSE",
    `The server answered ${res.status} ${res.statusText}`.trim(),
    res.status,
  );
}

/** A 2xx answer's JSON body, or undefined when it has none (204, or an empty 202). */
export async function bodyOf<T>(res: { status: number; text(): Promise<string> }): Promise<T> {
  const text = res.status === 204 ? "" : await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends one request; resolves with the parsed body (undefined for 204) or throws an ApiError. */
export async function requestJson<T>(base: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetchOk(base + withQuery(path, opts.query), {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  return bodyOf<T>(res);
}
