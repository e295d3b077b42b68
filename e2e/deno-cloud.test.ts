/**
 * Smoke suite against the cloud under Deno (`deno serve edge/deno.ts`, libsql files, in-process bus): if
 * Deno cannot run the cloud code — a D1-only API in a verb, a `cloudflare:` import on the path — the server
 * does not start or the request fails, and so does this suite.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { Secret } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totp } from "../cloud/accounts/two-factor/totp.ts";
import { type DenoCloudProcess, startDenoCloudProcess } from "../scripts/cloud-deno.ts";
import { decodeCbor, encodeCbor } from "../shared/cbor/index.ts";
import { buildEvent } from "../shared/events/index.ts";
import { uuidv7 } from "../shared/ids/index.ts";
import { HUB_TIME_HEADER, peekHubTime, signHubToken } from "../shared/sync/index.ts";

let cloud: DenoCloudProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "outpost-deno-"));
  cloud = await startDenoCloudProcess({ dataDir, vars: { ENVIRONMENT: "test" } });
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${cloud.url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: a smoke test reads loosely shaped JSON answers
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

/** Polls until `check` answers something, for at most `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const codeAt = (secret: string, stepOffset = 0) =>
  totp(new Uint8Array(Secret.fromBase32(secret).buffer), Date.now() + stepOffset * 30_000);

async function signUp() {
  const email = `deno-${uuidv7()}@example.test`;
  const password = "correct horse battery";
  const res = await call("/v1/accounts/sign-up", { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const signIn = await call("/v1/accounts/sign-in", { body: { email, password } });
  expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
  return { email, password, token: signIn.body.accessToken as string };
}

describe("cloud under Deno", () => {
  it("a development configuration refuses a request naming a public host", async () => {
    // node:http, since fetch may not set Host: the request a public DNS name pointed at this server would make.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${cloud.url}/healthz`, { headers: { host: "outpost.example.com" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once("error", reject);
      req.end();
    });
    expect(status).toBe(503);
    expect((await fetch(`${cloud.url}/healthz`)).status).toBeLessThan(500);
  });

  it("signs up, then signs in with a second factor", async () => {
    const user = await signUp();
    const setup = await call("/v1/accounts/two-factor/setup", { body: {}, token: user.token });
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    const enabled = await call("/v1/accounts/two-factor/enable", {
      body: { code: codeAt(secret) },
      token: user.token,
    });
    expect(enabled.status).toBe(200);

    const first = await call("/v1/accounts/sign-in", {
      body: { email: user.email, password: user.password },
    });
    expect(first.status).toBe(200);
    expect(first.body.twoFactorRequired).toBe(true);
    expect(first.body.accessToken).toBeUndefined();
    const second = await call("/v1/accounts/sign-in/two-factor", {
      body: { challengeToken: first.body.challengeToken, code: codeAt(secret, 1) },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const me = await call("/v1/accounts/me", { token: second.body.accessToken });
    expect(me.body.user.email).toBe(user.email);
  });

  it("lets a hub claim its site and stores a re-sent batch once; the alarm reaches its consumer once", async () => {
    const owner = await signUp();
    const site = await call("/v1/sites", { body: { name: "Deno shop" }, token: owner.token });
    expect(site.status).toBe(201);
    const siteId = site.body.id as string;
    const code = await call(`/v1/sites/${siteId}/claim-codes`, { body: {}, token: owner.token });
    expect(code.status).toBe(201);
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const publicKey = await exportJWK(pair.publicKey);
    const claim = await call("/v1/hubs/claim", {
      body: { code: code.body.code, publicKey, name: "Back room" },
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    const hubId = claim.body.hubId as string;
    const privateJwk: JWK = await exportJWK(pair.privateKey);

    const alarmId = `alarm-${uuidv7()}`;
    const raisedAt = new Date().toISOString();
    const event = {
      ...buildEvent({
        type: "equipment.alarm.raised",
        source: { siteId, hubId, module: "monitoring" },
        occurredAt: Date.now(),
        data: {
          alarmId,
          equipmentId: "fridge-1",
          equipmentName: "Dairy fridge",
          kind: "HIGH_TEMPERATURE",
          temperature: 9.5,
          limit: 8,
          raisedAt,
        },
      }),
      seq: 1,
    };
    const send = async () => {
      const token = await signHubToken(privateJwk, { hubId, siteId }, Date.now());
      const res = await fetch(`${cloud.url}/v1/hubs/${hubId}/events`, {
        method: "POST",
        headers: { "content-type": "application/cbor", authorization: `Bearer ${token}` },
        body: encodeCbor({ hubId, siteId, events: [event] }),
      });
      expect(res.status).toBe(200);
      // The cloud's signed time for this hub rides on the ack under Deno too.
      expect(peekHubTime(res.headers.get(HUB_TIME_HEADER) ?? "", hubId)).toBeGreaterThan(0);
      return decodeCbor(new Uint8Array(await res.arrayBuffer())) as {
        ackedSeq: number;
        stored: number;
        duplicates: number;
      };
    };
    expect(await send()).toMatchObject({ ackedSeq: 1, stored: 1, duplicates: 0 });
    expect(await send()).toMatchObject({ ackedSeq: 1, stored: 0, duplicates: 1 });

    const log = await call(`/v1/sites/${siteId}/events?hubId=${hubId}`, { token: owner.token });
    expect(log.status).toBe(200);
    expect((log.body.events as { id: string }[]).map((e) => e.id)).toEqual([event.id]);
    const alarms = await call(`/v1/sites/${siteId}/alarms?status=all`, { token: owner.token });
    expect((alarms.body.alarms as { alarmId: string }[]).map((a) => a.alarmId)).toEqual([alarmId]);

    // The ledger's outbox → the in-process bus → the notifications consumer.
    const notifications = await waitFor(async () => {
      const res = await call("/v1/notifications", { token: owner.token });
      const list = res.body.notifications as { body?: string; title?: string }[];
      return list.length > 0 ? list : undefined;
    });
    expect(notifications).toHaveLength(1);
  });
});
