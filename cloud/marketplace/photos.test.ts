/**
 * Photos under workerd (a real R2 bucket from wrangler.toml): the type comes from the bytes, the size is
 * capped (413), refusals store nothing, and only those who may see the request or work order read them.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { PHOTO_MAX_BYTES } from "./photos.ts";
import { bid, call, openRequest, provider, serviceSite, somewhere, sqlCount } from "./testing.ts";

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];
const GIF = new TextEncoder().encode("GIF89a........");

function upload(user: TestUser, path: string, bytes: Uint8Array, contentType = "image/jpeg") {
  return api(path, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": contentType },
    body: bytes,
  });
}

const photoRows = (subjectId: string) =>
  sqlCount(env.MARKETPLACE_DB, "SELECT count(*) AS n FROM photos WHERE subject_id = ?", subjectId);

describe("photos on service requests", () => {
  it("stores the type read from the bytes and lets only those who may see the request read it", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const requestId = await openRequest(site);
    const path = `/v1/marketplace/requests/${requestId}/photos`;
    // Labelled a JPEG by the client; the bytes say PNG, and PNG is what is stored and served.
    const res = await upload(site.owner, path, PNG, "image/jpeg");
    expect(res.status).toBe(201);
    const photo = (await res.json()) as {
      id: string;
      contentType: string;
      size: number;
      uploadedByName: string;
    };
    expect(photo).toMatchObject({ contentType: "image/png", size: PNG.byteLength });
    expect(photo.uploadedByName).toBeTruthy();

    const read = (user: TestUser) =>
      api(`/v1/marketplace/photos/${photo.id}`, { headers: { authorization: `Bearer ${user.token}` } });
    const own = await read(site.owner);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(PNG);
    const listed = await call<{ photos: { id: string }[] }>(site.owner, "GET", path);
    expect(listed.body.photos.map((p) => p.id)).toEqual([photo.id]);

    // A provider in reach (it may bid) reads it; one out of reach and a stranger get NOT_FOUND.
    const near = await provider({ lat: 0, lon: at.lon + 0.05 });
    const far = await provider({ lat: 0, lon: at.lon + 2 });
    expect((await read(near.admin)).status).toBe(200);
    for (const who of [far.admin, await signUpUser()]) {
      const refused = await read(who);
      expect(refused.status).toBe(404);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
      expect((await call(who, "GET", path)).status).toBe(404);
    }
    // A stranger cannot add one either, and nothing is written.
    expect((await upload(far.admin, path, PNG)).status).toBe(404);
    expect(await photoRows(requestId)).toBe(1);
  });

  it("refuses what is not a JPEG, PNG or WebP (415) and what is over the cap (413), storing nothing", async () => {
    const site = await serviceSite(somewhere());
    const requestId = await openRequest(site);
    const path = `/v1/marketplace/requests/${requestId}/photos`;
    for (const bytes of [GIF, new TextEncoder().encode("<svg onload=alert(1)>"), new Uint8Array(0)]) {
      const res = await upload(site.owner, path, bytes, "image/jpeg");
      expect(res.status).toBe(415);
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", requestId: expect.any(String) });
      expect(body.error.message).toMatch(/JPEG, PNG or WebP/);
    }
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set(JPEG_HEAD);
    const tooBig = await upload(site.owner, path, big);
    expect(tooBig.status).toBe(413);
    const body = (await tooBig.json()) as { error: { code: string; details: { maxBytes: number } } };
    expect(body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { maxBytes: PHOTO_MAX_BYTES } });
    expect(await photoRows(requestId)).toBe(0);
    // Exactly at the cap is fine.
    const atCap = big.subarray(0, PHOTO_MAX_BYTES);
    const ok = await upload(site.owner, path, atCap);
    expect(ok.status).toBe(201);
    expect(await photoRows(requestId)).toBe(1);
  });
});

describe("photos on work orders", () => {
  it("the provider adds them, the site's members read them, a GUEST cannot add", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const p = await provider({ lat: 0, lon: at.lon + 0.05 });
    const requestId = await openRequest(site);
    const accepted = await call<{ workOrderId: string }>(
      site.owner,
      "POST",
      `/v1/marketplace/bids/${await bid(p, requestId)}/accept`,
    );
    const path = `/v1/marketplace/work-orders/${accepted.body.workOrderId}/photos`;
    const webp = new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ");
    const res = await upload(p.admin, path, webp, "application/octet-stream");
    expect(res.status).toBe(201);
    const listed = await call<{ photos: { contentType: string }[] }>(site.owner, "GET", path);
    expect(listed.body.photos).toMatchObject([{ contentType: "image/webp" }]);

    const guest = await signUpUser();
    await env.SITES_DB.prepare(
      "INSERT INTO site_members (site_id, user_id, role, created_at) VALUES (?, ?, 'GUEST', ?)",
    )
      .bind(site.siteId, guest.id, Date.now())
      .run();
    expect((await call(guest, "GET", path)).status).toBe(200);
    expect((await upload(guest, path, PNG)).status).toBe(403);
    // The request's photos are now the accepted provider's to read, even though the request is no longer open.
    expect((await call(p.admin, "GET", `/v1/marketplace/requests/${requestId}/photos`)).status).toBe(200);
  });
});
