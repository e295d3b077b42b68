/** Hosts no one on the internet can reach: where a non-production configuration may answer at all. */

// RFC 6761 names (`localhost`, `.test`) and loopback, private and link-local addresses: a Worker deployed
// with its development block answers on workers.dev or a custom domain, never on one of these, and
// Cloudflare routes by that host, so a client cannot claim one to get past this check.
const LOCAL_NAMES = /(^|\.)(localhost|test)$/;
const LOCAL_V4 = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./];
const LOCAL_V6 = /^\[(::1|f[cd][0-9a-f]{2}:.*|fe[89ab][0-9a-f]:.*)\]$/i;

export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (LOCAL_NAMES.test(host) || LOCAL_V6.test(host)) return true;
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) && LOCAL_V4.some((r) => r.test(host));
}

/** A peer's address (no brackets: Deno's `remoteAddr.hostname`), IPv4, IPv4-mapped IPv6 or IPv6. */
export function isLocalAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, "");
  return isLocalHost(a.includes(":") ? `[${a}]` : a);
}

/**
 * The answer of a non-production configuration asked on a public host (null: serve it). A plain
 * `wrangler deploy`, or `deno serve` without ENVIRONMENT=production, runs the development block: capture
 * mail, `*` CORS, a generated signing key. Under Deno nothing routes by host, so a client could claim
 * `localhost`: there the peer's own address must be local too (`peer`, which TCP does not let it choose).
 */
export function publicHostRefusal(environment: string, url: string, peer?: string): Response | null {
  if (environment === "production") return null;
  const { hostname } = new URL(url);
  if (isLocalHost(hostname) && (peer === undefined || isLocalAddress(peer))) return null;
  console.error(
    JSON.stringify({
      level: "error",
      message: "non-production configuration on a public host",
      hostname,
      peer,
    }),
  );
  const requestId = crypto.randomUUID();
  return Response.json(
    {
      error: {
        code: "SERVICE_UNAVAILABLE",
        message: "this deployment runs a development configuration; deploy with --env production",
        requestId,
      },
    },
    { status: 503, headers: { "x-request-id": requestId } },
  );
}
