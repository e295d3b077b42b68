/**
 * Who may hold a live socket: the upgrade request's own credentials (session cookie or bearer token, Host
 * and Origin) are put to the API's `GET /api/auth/me`, so the socket passes exactly the guard every API
 * request passes, and a socket is asked again later (sign-out, expiry, removal end it).
 */
import type { IncomingMessage } from "node:http";
import type { Hono } from "hono";

/** The headers the guard reads, kept from the upgrade request to ask again later. */
export type Credentials = Readonly<Record<string, string>>;

const KEPT = ["host", "origin", "cookie", "authorization"] as const;

export function credentialsOf(req: IncomingMessage): Credentials {
  const out: Record<string, string> = {};
  for (const name of KEPT) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

/** The API's answer to "who is this?": 200 with the person, or the refusal's status (401, 403). */
export async function whoIs(
  api: Pick<Hono, "request">,
  credentials: Credentials,
): Promise<{ status: number; me?: { subject: string; name: string; role: string } }> {
  if (!credentials.host) return { status: 403 };
  let url: URL;
  try {
    // The URL carries the Host header too, so no default host can stand in for a missing or bad one.
    url = new URL("/api/auth/me", `http://${credentials.host}`);
  } catch {
    return { status: 403 };
  }
  const res = await api.request(new Request(url, { headers: credentials }));
  if (res.status !== 200) return { status: res.status };
  return { status: 200, me: (await res.json()) as { subject: string; name: string; role: string } };
}
