/**
 * The tokens mailed links carry (`APP_URL/<page>#token=…`, shared/mailed-links: in the fragment, so never in a
 * server log or a Referer). On arrival the token moves into this tab's sessionStorage and out of the address
 * bar, so a sign-in or sign-up detour on the way does not lose it; the page spends it and forgets it.
 */
import { mailedLink, tokenInFragment } from "../../shared/mailed-links/index.ts";

/** The pages a mailed link opens. */
export const LINK_PAGES = ["/verify-email", "/reset-password", "/invites"] as const;
export type LinkPage = (typeof LINK_PAGES)[number];

// Tokens are 16–128 characters (the accounts and sites schemas); anything else is a link cut short in the mail.
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const key = (page: LinkPage) => `outpost.link-token:${page}`;

function storage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    // Storage turned off: the token then lives only as long as the page does.
    return null;
  }
}

const inMemory = new Map<LinkPage, string>();

/** Keeps a mailed link's `#token=…` for its page and clears it from the address bar; call once, before routing. */
export function keepLinkToken(): void {
  const page = LINK_PAGES.find((p) => p === location.pathname);
  const token = tokenInFragment(location.hash);
  if (!page || token === null) return;
  inMemory.set(page, token);
  storage()?.setItem(key(page), token);
  history.replaceState(history.state, "", location.pathname + location.search);
}

/**
 * The kept token for a page: `missing` when none came, `malformed` when the mail client cut it short (the
 * page says so in words instead of sending it to be refused).
 */
export function linkToken(page: LinkPage): { token: string } | { problem: "missing" | "malformed" } {
  const token = storage()?.getItem(key(page)) ?? inMemory.get(page) ?? null;
  if (token === null || token === "") return { problem: "missing" };
  return TOKEN.test(token) ? { token } : { problem: "malformed" };
}

/** Forgets a page's token once it is spent (or refused for good). */
export function forgetLinkToken(page: LinkPage): void {
  inMemory.delete(page);
  storage()?.removeItem(key(page));
}

/** Where sign-in continues: the invitation still waiting in this tab, else `fallback`. */
export function afterSignIn(fallback: string): string {
  return "token" in linkToken("/invites") ? "/invites" : fallback;
}

/** The link to share by hand, in the mailed links' own format. */
export function linkFor(page: LinkPage, token: string): string {
  return mailedLink(`${location.origin}${page}`, token);
}
