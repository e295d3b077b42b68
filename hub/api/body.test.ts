import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../testing.ts";
import { BODY_LIMIT_BYTES, JSON_DEPTH_LIMIT, nestsWithin } from "./body.ts";

const hubs: TestHub[] = [];
async function hub(): Promise<TestHub> {
  const h = await startTestHub();
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

const MiB = 1024 * 1024;

interface Sent {
  status: number;
  /** The response body, when the hub answered before the connection ended. */
  body: string;
  /** Body bytes the socket accepted: an upper bound on what the hub read. */
  bodyBytesSent: number;
}

/**
 * Sends `size` bytes of body over a raw socket, as fast as the hub takes them, until the hub answers or
 * closes; by Content-Length or, with `chunked`, as one long chunked stream. Never holds the body in memory.
 */
function flood(
  h: TestHub,
  opts: { method?: string; path: string; size: number; chunked?: boolean },
): Promise<Sent> {
  const url = new URL(h.httpUrl);
  const socket = connect({ host: url.hostname, port: Number(url.port) });
  const framing = opts.chunked ? "transfer-encoding: chunked" : `content-length: ${opts.size}`;
  const head = `${opts.method ?? "POST"} ${opts.path} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\n${framing}\r\n\r\n`;
  const block = Buffer.alloc(64 * 1024, "[");
  const chunkHead = Buffer.from(`${block.length.toString(16)}\r\n`);
  const crlf = Buffer.from("\r\n");
  let sent = 0;
  let answer = "";
  return new Promise((resolve) => {
    const finish = () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, body: answer.slice(answer.indexOf("\r\n\r\n") + 4), bodyBytesSent: sent });
    };
    socket.on("data", (d) => {
      answer += d.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", finish);
    const pump = () => {
      // Stop as soon as any answer arrives, so the client never races its own reset.
      while (answer === "" && !socket.destroyed && sent < opts.size) {
        const ok = opts.chunked ? socket.write(Buffer.concat([chunkHead, block, crlf])) : socket.write(block);
        sent += block.length;
        if (!ok) return void socket.once("drain", pump);
      }
      if (answer !== "" || socket.destroyed) return;
      if (opts.chunked) socket.write("0\r\n\r\n");
    };
    socket.once("connect", () => {
      socket.write(head);
      pump();
    });
  });
}

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe("request body limits", () => {
  it("refuses four concurrent 200 MiB bodies to the public sign-in with 413, reading almost none of them", async () => {
    const h = await hub();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => flood(h, { path: "/api/auth/sign-in", size: 200 * MiB })),
    );
    for (const a of answers) {
      expect(a.status).toBe(413);
      expect(errorCode(a.body)).toBe("PAYLOAD_TOO_LARGE");
      // Whatever the kernel's socket buffers took; the hub read no more than that, and far from 200 MiB.
      expect(a.bodyBytesSent).toBeLessThan(32 * MiB);
    }
    // Generous: the four bodies together are 800 MiB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MiB);
    expect((await fetch(`${h.httpUrl}/healthz`)).status).toBe(200);
  });

  it("counts a chunked body as it streams and refuses it past the limit", async () => {
    const h = await hub();
    const a = await flood(h, { path: "/api/auth/sign-in", size: 200 * MiB, chunked: true });
    expect(a.status).toBe(413);
    expect(errorCode(a.body)).toBe("PAYLOAD_TOO_LARGE");
    expect(a.bodyBytesSent).toBeLessThan(32 * MiB);
  });

  it("refuses a large body on a guarded route and on the console's static files alike", async () => {
    const h = await hub();
    for (const [method, path] of [
      ["POST", "/api/devices"],
      ["GET", "/"],
      ["GET", "/assets/app.js"],
    ] as const) {
      const a = await flood(h, { method, path, size: 10 * MiB });
      expect(a.status, path).toBe(413);
      expect(errorCode(a.body), path).toBe("PAYLOAD_TOO_LARGE");
    }
  });

  it("answers a 10⁶-deep JSON with 413 and a deep one within the size limit with 400, parsing neither", async () => {
    const h = await hub();
    const post = (body: string) =>
      fetch(`${h.httpUrl}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const million = await post(`${"[".repeat(1e6)}${"]".repeat(1e6)}`);
    expect(million.status).toBe(413);
    const deep = 10_000;
    expect(deep * 2).toBeLessThan(BODY_LIMIT_BYTES);
    const tooDeep = await post(`${"[".repeat(deep)}${"]".repeat(deep)}`);
    expect(tooDeep.status).toBe(400);
    expect((await tooDeep.json()).error).toMatchObject({
      code: "VALIDATION_ERROR",
      details: { maxDepth: 32 },
    });
    // A body just under the limit is read and validated as usual.
    const padded = await post(
      JSON.stringify({ username: "ana", password: "x".repeat(BODY_LIMIT_BYTES - 100) }),
    );
    expect((await padded.json()).error.code).toBe("VALIDATION_ERROR");
  });

  it("measures nesting outside strings only", () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(nestsWithin(deep(JSON_DEPTH_LIMIT), JSON_DEPTH_LIMIT)).toBe(true);
    expect(nestsWithin(deep(JSON_DEPTH_LIMIT + 1), JSON_DEPTH_LIMIT)).toBe(false);
    expect(nestsWithin(JSON.stringify({ a: '[[[[[[\\"[[[[' }), 2)).toBe(true);
    expect(nestsWithin(JSON.stringify([{ a: [{}] }]), 3)).toBe(false);
  });
});
