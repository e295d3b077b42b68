/** The console's live socket through a real hub: refused without a session, pushes readings, alarms and removals, ends at sign-out. */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectFridge, fridgeInput, sendJson, startTestHub, type TestHub } from "../testing.ts";
import { LIVE_CLOSE, LIVE_PATH } from "./index.ts";

interface Message {
  type: string;
  data: Record<string, unknown>;
}

const hubs: TestHub[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) {
    // A refused socket is still "connecting"; ending it reports an error nobody needs.
    ws.on("error", () => {});
    ws.terminate();
  }
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

async function hub(): Promise<TestHub> {
  const h = await startTestHub();
  hubs.push(h);
  return h;
}

/** A socket with `headers`; resolves once open, rejects with the refusal's HTTP status. */
function subscribe(h: TestHub, headers: Record<string, string>) {
  const ws = new WebSocket(`${h.httpUrl.replace("http", "ws")}${LIVE_PATH}`, { headers });
  sockets.push(ws);
  const messages: Message[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data)) as Message));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  /** Resolves with the first message (already received or still to come) that `match` accepts. */
  const next = (match: (m: Message) => boolean) =>
    new Promise<Message>((resolve) => {
      const found = messages.find(match);
      if (found) return resolve(found);
      const on = (data: WebSocket.RawData) => {
        const m = JSON.parse(String(data)) as Message;
        if (!match(m)) return;
        ws.off("message", on);
        resolve(m);
      };
      ws.on("message", on);
    });
  return { ws, opened, closed, next };
}

/** A console session: the cookie the token sign-in sets. */
async function signIn(h: TestHub): Promise<string> {
  const res = await fetch(`${h.httpUrl}/api/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: await h.adminToken() }),
  });
  expect(res.status).toBe(200);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

describe("hub live socket", () => {
  it("refuses an upgrade without a session, with a foreign Origin, or on another path", async () => {
    const h = await hub();
    await expect(subscribe(h, {}).opened).rejects.toThrow("HTTP 401");
    await expect(subscribe(h, { cookie: "outpost_hub_session=forged" }).opened).rejects.toThrow("HTTP 401");
    const cookie = await signIn(h);
    await expect(subscribe(h, { cookie, origin: "http://evil.example" }).opened).rejects.toThrow("HTTP 403");
    const elsewhere = new WebSocket(`${h.httpUrl.replace("http", "ws")}/api/equipment`, {
      headers: { cookie },
    });
    sockets.push(elsewhere);
    await expect(
      new Promise((_, reject) =>
        elsewhere.once("unexpected-response", (_q, r) => reject(new Error(`HTTP ${r.statusCode}`))),
      ),
    ).rejects.toThrow("HTTP 404");
  });

  it("pushes a reading and the alarm it raises, then the alarm's acknowledgement", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    const rules = { highDelayMs: 0, lowDelayMs: 0 };
    expect(
      (await sendJson("PUT", `${h.httpUrl}/api/equipment/${paired.equipmentId}/rules`, rules, h)).status,
    ).toBe(200);
    const fridge = await connectFridge(h, paired);
    const cookie = await signIn(h);
    const live = subscribe(h, { cookie, origin: h.httpUrl });
    await live.opened;

    await fridge.publishTelemetry({ temperature: 3.1 });
    const reading = await live.next(
      (m) =>
        m.type === "equipment" &&
        (m.data.latestReading as { temperature?: number } | null)?.temperature === 3.1,
    );
    expect(reading.data.id).toBe(paired.equipmentId);
    await live.next((m) => m.type === "device" && m.data.id === paired.id && m.data.status === "ONLINE");

    await fridge.publishTelemetry({ temperature: 9 });
    const raised = await live.next((m) => m.type === "alarm" && m.data.status === "RAISED");
    expect(raised.data.equipmentId).toBe(paired.equipmentId);

    const ack = await fetch(`${h.httpUrl}/api/alarms/${raised.data.id}/acknowledge`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(ack.status).toBe(200);
    await live.next(
      (m) => m.type === "alarm" && m.data.id === raised.data.id && m.data.status === "ACKNOWLEDGED",
    );

    const removed = await sendJson(
      "DELETE",
      `${h.httpUrl}/api/equipment/${paired.equipmentId}`,
      undefined,
      h,
    );
    expect(removed.status).toBe(204);
    await live.next((m) => m.type === "equipment-removed" && m.data.id === paired.equipmentId);
    await fridge.close();
  });

  it("closes the socket when its session signs out, and only that one", async () => {
    const h = await hub();
    const mine = await signIn(h);
    const theirs = await signIn(h);
    const live = subscribe(h, { cookie: mine, origin: h.httpUrl });
    const other = subscribe(h, { authorization: `Bearer ${await h.adminToken()}` });
    const third = subscribe(h, { cookie: theirs });
    await Promise.all([live.opened, other.opened, third.opened]);

    const out = await fetch(`${h.httpUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: mine, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(204);
    expect(await live.closed).toBe(LIVE_CLOSE.signedOut);
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
    expect(third.ws.readyState).toBe(WebSocket.OPEN);
  });
});
