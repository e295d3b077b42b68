/**
 * Marketplace photos under Deno: the cloud started by `deno serve` stores a request's photo as a file under its
 * data folder (the Worker uses R2), sniffs its type from the bytes and refuses a non-image, storing nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudClient } from "../scripts/cloud-client.ts";
import { type DenoCloudProcess, startDenoCloudProcess } from "../scripts/cloud-deno.ts";
import { encodeCbor } from "../shared/cbor/index.ts";
import { buildEvent } from "../shared/events/index.ts";
import { uuidv7 } from "../shared/ids/index.ts";
import { signHubToken } from "../shared/sync/index.ts";

let cloud: DenoCloudProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "outpost-deno-photos-"));
  cloud = await startDenoCloudProcess({ dataDir, vars: { ENVIRONMENT: "test" } });
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function ok<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A site whose hub reported one unit, with its service location set. */
async function siteWithUnit(owner: CloudClient): Promise<string> {
  const siteId = (await owner.ensureSite("Deno Deli", "Europe/Stockholm")).id;
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const claim = await ok<{ hubId: string }>(
    await fetch(`${cloud.url}/v1/hubs/claim`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        code: await owner.claimCode(siteId),
        publicKey: await exportJWK(pair.publicKey),
        name: "Back room",
      }),
    }),
  );
  const now = Date.now();
  const event = buildEvent({
    type: "equipment.configured",
    source: { siteId, hubId: claim.hubId, module: "monitoring" },
    occurredAt: now,
    data: {
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      type: "FRIDGE",
      setTemperature: 4,
      optimalMin: 2,
      optimalMax: 8,
      location: null,
      configuredAt: new Date(now).toISOString(),
    },
  });
  const token = await signHubToken(
    (await exportJWK(pair.privateKey)) as never,
    { hubId: claim.hubId, siteId },
    now,
  );
  const synced = await fetch(`${cloud.url}/v1/hubs/${claim.hubId}/events`, {
    method: "POST",
    headers: { "content-type": "application/cbor", authorization: `Bearer ${token}` },
    body: encodeCbor({ hubId: claim.hubId, siteId, events: [{ ...event, seq: 1 }] }) as BodyInit,
  });
  expect(synced.status).toBe(200);
  await ok(await owner.raw("PUT", `/v1/marketplace/sites/${siteId}`, { latitude: 59.33, longitude: 18.06 }));
  return siteId;
}

describe("photos under Deno", () => {
  it("keeps the bytes in a file, typed from the bytes; a non-image is refused and nothing is written", async () => {
    const owner = new CloudClient(cloud.url);
    const { accessToken: token } = await owner.signUp(
      `deno-photo-${uuidv7()}@example.test`,
      "correct horse battery",
    );
    const siteId = await siteWithUnit(owner);
    const request = await ok<{ id: string }>(
      await owner.raw("POST", "/v1/marketplace/requests", {
        siteId,
        equipmentId: "fridge-1",
        serviceType: "REFRIGERATION",
        title: "Runs warm",
      }),
    );
    const upload = (body: Uint8Array) =>
      fetch(`${cloud.url}/v1/marketplace/requests/${request.id}/photos`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "image/jpeg" },
        body: body as BodyInit,
      });
    const folder = join(dataDir, "blobs", "marketplace", "requests", request.id);
    const refused = await upload(new TextEncoder().encode("GIF89a not a photo"));
    expect(refused.status).toBe(415);
    expect(existsSync(folder)).toBe(false);

    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const photo = await ok<{ id: string; contentType: string }>(await upload(jpeg));
    expect(photo.contentType).toBe("image/jpeg");
    expect(new Uint8Array(readFileSync(join(folder, photo.id)))).toEqual(jpeg);
    expect(readdirSync(folder).sort()).toEqual([photo.id, `${photo.id}.type`]);
    const back = await fetch(`${cloud.url}/v1/marketplace/photos/${photo.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(back.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(jpeg);
  });
});
