/**
 * The one format of a mailed link: the page's address with the token in the fragment (`…/invites#token=…`).
 * A fragment never leaves the browser, so the token stays out of server and proxy logs and out of any Referer.
 */

/** The link a mail carries to `pageUrl` (e.g. `https://app.example/reset-password`). */
export function mailedLink(pageUrl: string, token: string): string {
  return `${pageUrl}#token=${encodeURIComponent(token)}`;
}

/** The token of a mailed link's fragment (`location.hash`, with or without the `#`), or null. */
export function tokenInFragment(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token");
}
