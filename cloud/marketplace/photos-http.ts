/** Photo routes of the marketplace: upload (raw image bytes), list, and read back (only through the API). */
import { Hono } from "hono";
import { type AppEnv, currentUser, doc, readBodyLimited } from "../http/index.ts";
import type { MarketplaceDeps } from "./deps.ts";
import { addPhoto, listPhotos, PHOTO_MAX_BYTES, type PhotoSubject, readPhoto } from "./photos.ts";

/** The upload routes read their raw body themselves (edge/middleware/json-body lists the same paths). */
export const PHOTO_UPLOAD_PATHS = /^\/v1\/marketplace\/(requests|work-orders)\/[^/]+\/photos$/;

const errors = { 400: "bad input", 401: "no or bad token", 404: "not found" } as const;
const upload = (what: string) =>
  doc({
    summary: `Add a photo to ${what}: the raw bytes of a JPEG, PNG or WebP (the type is read from the bytes)`,
    tag: "marketplace",
    auth: "user",
    responses: {
      201: "stored",
      ...errors,
      403: "not allowed",
      409: "too many photos",
      413: `over ${PHOTO_MAX_BYTES} bytes`,
      415: "not a JPEG, PNG or WebP image",
    },
  });
const list = (what: string) =>
  doc({
    summary: `The photos of ${what}`,
    tag: "marketplace",
    auth: "user",
    responses: { 200: "list", ...errors },
  });

export function photoRoutes(deps: MarketplaceDeps) {
  const me = (c: Parameters<typeof currentUser>[0]) => currentUser(c).id;
  const subjects: [string, PhotoSubject, string][] = [
    ["requests", "REQUEST", "a service request"],
    ["work-orders", "WORK_ORDER", "a work order"],
  ];
  const app = new Hono<AppEnv>();
  for (const [path, subject, what] of subjects) {
    app.post(`/v1/marketplace/${path}/:id/photos`, upload(what), async (c) => {
      const bytes = await readBodyLimited(c.req.raw, PHOTO_MAX_BYTES);
      const photo = await addPhoto(deps, { subject, subjectId: c.req.param("id"), userId: me(c), bytes });
      return c.json(photo, 201);
    });
    app.get(`/v1/marketplace/${path}/:id/photos`, list(what), async (c) =>
      c.json({ photos: await listPhotos(deps, subject, c.req.param("id"), me(c)) }),
    );
  }
  app.get(
    "/v1/marketplace/photos/:id",
    doc({
      summary: "A photo's bytes (for those who may see its request or work order)",
      tag: "marketplace",
      auth: "user",
      responses: { 200: "the image", ...errors },
    }),
    async (c) => {
      const photo = await readPhoto(deps, c.req.param("id"), me(c));
      return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": photo.contentType,
        "cache-control": "private, max-age=3600",
        "x-content-type-options": "nosniff",
      });
    },
  );
  return app;
}
