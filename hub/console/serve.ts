/**
 * Serves the built console (hub/console/dist) from the hub's own HTTP server, with a single-page-app
 * fallback: any GET outside the API that asks for HTML gets index.html. Works with no internet: every
 * file is local. The files hold no data, so they are declared public (`allow("public")`); the data behind them
 * needs a session (C1). The guard makes every matched route agree, so this catch-all GET never opens an API route.
 */
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { Hono } from "hono";
import { allow } from "../api/guard.ts";
import { CONSOLE_DIST } from "../assets.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

// The console loads only its own files and talks only to this hub.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

/** Paths that belong to the API, never to the console. */
const API_PREFIXES = ["/api/", "/api", "/healthz", "/metrics"];

async function file(path: string): Promise<Buffer | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}

export function consoleRoutes(dist: string = CONSOLE_DIST): Hono {
  const app = new Hono();
  app.get("*", allow("public"), async (c, next) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    if (
      API_PREFIXES.some(
        (p) => path === p || path.startsWith(`${p}/`) || (p.endsWith("/") && path.startsWith(p)),
      )
    )
      return next();
    const target = normalize(join(dist, path));
    if (!target.startsWith(dist + sep) && target !== dist) return next();
    const found = path !== "/" ? await file(target) : null;
    if (found) {
      // Vite puts a content hash in every asset name, so they never change under the same URL.
      const immutable = path.startsWith("/assets/");
      return c.body(new Uint8Array(found), 200, {
        "content-type": TYPES[extname(target)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        "x-content-type-options": "nosniff",
      });
    }
    // Only a browser navigation gets the app; an API client asking for a wrong path gets the JSON 404.
    const wantsHtml = (c.req.header("accept") ?? "").includes("text/html");
    if (path !== "/" && (extname(path) || !wantsHtml)) return next();
    const index = await file(join(dist, "index.html"));
    if (!index)
      return c.text(
        "The console is not built yet: run `npm run build:web` (npm install, start and test do it).",
        503,
      );
    return c.body(new Uint8Array(index), 200, {
      "content-type": TYPES[".html"]!,
      "cache-control": "no-cache",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    });
  });
  return app;
}
