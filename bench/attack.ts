/**
 * The hub's resident memory under issue 18's body attack: four 200 MiB bodies sent at once to the public
 * `POST /api/auth/sign-in`, streamed (chunked, no Content-Length, the case a length check cannot refuse up
 * front). Before (after a GC), the peak sampled from /proc while the bodies are sent, and after (after a GC).
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import type { Broker } from "./processes.ts";

const MIB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");

/** Resident set size of `pid` right now, from /proc (no GC first: what the OS sees). */
function residentNow(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** Streams `bytes` of a JSON-looking body; resolves with the answer's status (0: connection cut) and bytes sent. */
function sendBody(url: string, bytes: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let status = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, sent });
    };
    const req = request(`${url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.once("end", () => {
        req.destroy();
        finish();
      });
    });
    req.on("error", finish);
    req.on("close", finish);
    req.write('{"username":"owner","password":"');
    const pump = () => {
      while (!done && sent < bytes) {
        sent += CHUNK.byteLength;
        if (!req.write(CHUNK)) return void req.once("drain", pump);
      }
      if (!done) req.end('"}');
    };
    pump();
  });
}

export interface AttackResult {
  beforeBytes: number;
  peakBytes: number;
  afterBytes: number;
  answers: { status: number; sentMiB: number }[];
}

export async function runAttackBench(hub: Broker, bodies = 4, bodyMiB = 200): Promise<AttackResult> {
  const beforeBytes = await hub.rss();
  let peakBytes = residentNow(hub.pid);
  const sampler = setInterval(() => {
    peakBytes = Math.max(peakBytes, residentNow(hub.pid));
  }, 10);
  const answers = await Promise.all(
    Array.from({ length: bodies }, () => sendBody(hub.httpUrl!, bodyMiB * MIB)),
  );
  clearInterval(sampler);
  peakBytes = Math.max(peakBytes, residentNow(hub.pid));
  const afterBytes = await hub.rss();
  return {
    beforeBytes,
    peakBytes,
    afterBytes,
    answers: answers.map((a) => ({ status: a.status, sentMiB: a.sent / MIB })),
  };
}
