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
