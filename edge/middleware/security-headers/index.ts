/** Security headers on every response (Hono's secureHeaders), with a CSP that lets JSON load nothing at all. */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../../../cloud/http/index.ts";

/**
 * API answers are JSON: nothing in them should ever run, frame or be framed. A route that serves a page
 * (the API reference) sets its own Content-Security-Policy first; `overwrite: false` leaves that alone.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    overwrite: false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    // Two years, subdomains, preload-eligible (hstspreload.org requirements).
    strictTransportSecurity: "max-age=63072000; includeSubDomains; preload",
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    crossOriginResourcePolicy: "same-site",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
}
