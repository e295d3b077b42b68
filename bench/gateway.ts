/**
 * The cloud gateway's cost, measured in one local workerd (wrangler): an authenticated request through
 * the gateway (local ES256 verification against the cached JWKS, per-token rate limit in a Durable
 * Object, logs, headers) against a bare Hono route in the same Worker; and one password hash against one
 * SHA-256. Prints numbers and ratios with their targets, never pass or fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations, startLocalCloud } from "../scripts/cloud.ts";

export interface BenchResult {
  name: string;
  ratio: number;
  detail: string;
}

const ROUNDS = 5;
const PER_ROUND = 200;
const HASH_SAMPLES = 20;

/** Mean latency (ms) of `n` sequential requests. */
async function meanLatency(url: string, n: number, headers: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  return (performance.now() - started) / n;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

export async function runGatewayBench(): Promise<BenchResult[]> {
  const persistDir = mkdtempSync(join(tmpdir(), "outpost-gateway-bench-"));
  await applyLocalMigrations(persistDir);
  // The API limit is raised far above the offered load: the limiter still runs, so its cost is measured.
  const cloud = await startLocalCloud({ persistDir, vars: { API_RATE_LIMIT_PER_MINUTE: "100000000" } });
  try {
    const credentials = JSON.stringify({
      email: `bench-${Date.now()}@example.test`,
      password: "bench password 1",
    });
    const post = (path: string) =>
      fetch(`${cloud.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: credentials,
      });
    const signUp = await post("/v1/accounts/sign-up");
    if (signUp.status !== 202) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const signIn = await post("/v1/accounts/sign-in");
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const bare = `${cloud.url}/bench/bare`;
    const me = `${cloud.url}/v1/accounts/me`;
    const sites = `${cloud.url}/v1/sites`;

    // Warm-up: isolate start, JWKS load, Durable Object creation, connection pool.
    await meanLatency(bare, 50);
    await meanLatency(me, 50, auth);
    await meanLatency(sites, 50, auth);

    // Interleaved rounds, so drift in the machine's load affects both sides alike.
    const t = { bare: 0, me: 0, sites: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      t.bare += await meanLatency(bare, PER_ROUND);
      t.me += await meanLatency(me, PER_ROUND, auth);
      t.sites += await meanLatency(sites, PER_ROUND, auth);
    }
    const mean = { bare: t.bare / ROUNDS, me: t.me / ROUNDS, sites: t.sites / ROUNDS };

    const hash = { pbkdf2: 0, sha: 0 };
    await meanLatency(`${cloud.url}/bench/hash/pbkdf2`, 3);
    for (let r = 0; r < ROUNDS; r++) {
      hash.sha += await meanLatency(`${cloud.url}/bench/hash/sha256`, HASH_SAMPLES);
      hash.pbkdf2 += await meanLatency(`${cloud.url}/bench/hash/pbkdf2`, HASH_SAMPLES);
    }
    hash.sha /= ROUNDS;
    hash.pbkdf2 /= ROUNDS;

    const n = ROUNDS * PER_ROUND;
    return [
      {
        name: "gateway: authenticated GET /v1/accounts/me vs bare Hono route (same workerd)",
        ratio: mean.me / mean.bare,
        detail: `mean ${fmt(mean.me)} ms vs ${fmt(mean.bare)} ms over ${n} sequential requests each; target ≤ 1.5`,
      },
      {
        name: "gateway + one D1 query: GET /v1/sites vs bare Hono route",
        ratio: mean.sites / mean.bare,
        detail: `mean ${fmt(mean.sites)} ms vs ${fmt(mean.bare)} ms; for information (includes the route's own D1 read)`,
      },
      {
        name: "one password hash (PBKDF2-SHA256, 100 000 iterations) vs one SHA-256",
        ratio: hash.pbkdf2 / hash.sha,
        detail: `≈ ${fmt(hash.pbkdf2 - hash.sha, 1)} ms per hash (request ${fmt(hash.pbkdf2)} ms vs ${fmt(hash.sha)} ms, ${ROUNDS * HASH_SAMPLES} each); target: tens of ms — slow for guessing, within the Workers CPU budget`,
      },
    ];
  } finally {
    await cloud.stop();
    rmSync(persistDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runGatewayBench()) {
    process.stdout.write(`${r.name}\n  ratio ${r.ratio.toFixed(2)} — ${r.detail}\n`);
  }
}
