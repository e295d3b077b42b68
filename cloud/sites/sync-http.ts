/** Hub HTTP routes: claiming a hub with a one-time code, and sync up (CBOR event batches). */
import { Hono } from "hono";
import { encodeCbor } from "../../shared/cbor/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import {
  claimRequestSchema,
  HUB_TIME_HEADER,
  SYNC_CONTENT_TYPE,
  SYNC_MAX_BYTES,
} from "../../shared/sync/index.ts";
import { type AppEnv, bearerToken, doc, readBodyLimited, readJson } from "../http/index.ts";
import { claimHub } from "./claim.ts";
import { acceptSyncBatch, type SyncDeps } from "./sync.ts";

export function hubsHttp(deps: SyncDeps & { signTime: (hubId: string) => Promise<string> }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Mounted before the other hub routes, so it wraps them all. Every route under a hub id authenticates
  // that hub, so a success (or 304) went to it; a refusal gets the time only when the token's signature
  // held and its time window did not: a hub booted in the past learns the time and dates its next token.
  app.use("/v1/hubs/:hubId/*", async (c, next) => {
    await next();
    // The claim route is no hub's yet (the pattern also matches it).
    if (c.req.path === "/v1/hubs/claim") return;
    const status = c.res.status;
    const refusedForTime =
      c.error instanceof AppError &&
      (c.error.details as { outsideTimeWindow?: unknown } | undefined)?.outsideTimeWindow === true;
    if (!((status >= 200 && status < 300) || status === 304 || refusedForTime)) return;
    // A batch already stored must not turn into a 500 because its time could not be signed: the hub
    // goes without the time this once.
    const signed = await deps.signTime(c.req.param("hubId")).catch(() => null);
    if (signed) c.res.headers.set(HUB_TIME_HEADER, signed);
  });

  app.post(
    "/v1/hubs/claim",
    doc({
      summary: "Trade a one-time claim code and the hub's Ed25519 public key for a hub id",
      tag: "hubs",
      auth: "public",
      body: claimRequestSchema,
      responses: { 201: "claimed", 400: "bad input", 403: "code unknown, used or expired" },
    }),
    async (c) => c.json(await claimHub(deps, await readJson(c, claimRequestSchema)), 201),
  );

  app.post(
    "/v1/hubs/:hubId/events",
    doc({
      summary: "Sync up: a CBOR batch of the hub's events (answers a CBOR SyncAck)",
      tag: "hubs",
      auth: "hub",
      responses: {
        200: "SyncAck (with the cloud's signed time in Outpost-Time, as on every answer to the hub)",
        400: "bad content type, CBOR or events",
        401: "bad hub token (with Outpost-Time when only its time window was wrong)",
        403: "revoked hub or foreign site",
        413: "batch too large",
      },
    }),
    async (c) => {
      const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== SYNC_CONTENT_TYPE) {
        throw new AppError("VALIDATION_ERROR", `content-type must be ${SYNC_CONTENT_TYPE}`);
      }
      const ack = await acceptSyncBatch(deps, {
        hubId: c.req.param("hubId"),
        token: bearerToken(c.req.header("authorization")),
        body: await readBodyLimited(c.req.raw, SYNC_MAX_BYTES),
      });
      if (prefersJson(c.req.header("accept"))) return c.json(ack);
      return c.body(encodeCbor(ack) as Uint8Array<ArrayBuffer>, 200, { "content-type": SYNC_CONTENT_TYPE });
    },
  );

  return app;
}

/** CBOR unless the client asks for JSON and not for CBOR. */
function prefersJson(accept: string | undefined): boolean {
  return !!accept && accept.includes("application/json") && !accept.includes(SYNC_CONTENT_TYPE);
}
