/**
 * Who opened a live socket; set by the Worker after it verified the token and the membership.
 * Their own file, free of `cloudflare:workers`, so the client (and through edge/deps.ts the Deno
 * entry) never loads the Durable Object class.
 */
export const LIVE_USER_HEADER = "x-outpost-live-user";
export const LIVE_SITE_HEADER = "x-outpost-live-site";
/** When the opener's access token expires (ms since the epoch): the object closes the socket then. */
export const LIVE_EXPIRES_HEADER = "x-outpost-live-expires";
