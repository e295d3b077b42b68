/** Runs the cloud Worker locally: applies each module's D1 migrations, then starts it in workerd via wrangler. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Unstable_DevWorker, unstable_dev } from "wrangler";
import { CLOUD_MODULES } from "../cloud/modules.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// Run wrangler on this process's Node (22), not whatever `node` is first on PATH.
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const CONFIG = join(ROOT, "wrangler.toml");

/** The listed cloud modules' databases (cloud/modules.ts; wrangler.toml repeats them, checks/wrangler.test.ts keeps it so). */
function moduleDatabases() {
  return CLOUD_MODULES.flatMap((m) => (m.database ? [m.database] : []));
}

/**
 * Applies the checked-in migrations of every module to the local D1 state under `persistDir`. A new, empty
 * state is copied from a template migrated once per set of migration files (one wrangler run per database
 * costs seconds, and every end-to-end fixture starts from a fresh state); existing state is migrated in place.
 */
export async function applyLocalMigrations(persistDir: string): Promise<void> {
  if (existsSync(persistDir) && readdirSync(persistDir).length > 0) return migrateInPlace(persistDir);
  cpSync(await migratedTemplate(), persistDir, { recursive: true });
}

/** The migration SQL of every module, hashed: a template is reused only for exactly these migrations. */
function migrationsHash(): string {
  const hash = createHash("sha256").update(readFileSync(CONFIG));
  for (const { migrations } of moduleDatabases()) {
    const folder = join(ROOT, migrations);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).sort()) {
      if (file.endsWith(".sql")) hash.update(file).update(readFileSync(join(folder, file)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/** A lock older than this is a builder that died: the next one takes over. */
const STALE_LOCK_MS = 3 * 60_000;

/**
 * The migrated template for these migrations, built once: concurrent test files (and the test run's global
 * setup, which starts it early) wait for the one builder holding the lock instead of each building their own.
 */
async function migratedTemplate(): Promise<string> {
  const template = join(tmpdir(), `outpost-d1-template-${migrationsHash()}`);
  const lock = `${template}.lock`;
  for (;;) {
    if (existsSync(join(template, ".complete"))) return template;
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await buildTemplate(template);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Its builder is gone (an interrupted test run) or took far too long. */
function lockIsStale(lock: string): boolean {
  const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if (age > STALE_LOCK_MS) return true;
  const pid = Number(existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : Number.NaN);
  if (!Number.isInteger(pid)) return age > 5_000; // made, but its pid not written yet (or never)
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function buildTemplate(template: string): Promise<string> {
  if (existsSync(join(template, ".complete"))) return template;
  // Built aside and renamed into place, so concurrent test files never see a half-migrated template.
  const building = `${template}.${process.pid}.${Date.now()}`;
  await migrateInPlace(building);
  writeFileSync(join(building, ".complete"), "");
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

/** Each database is its own SQLite file, so their wrangler runs go two at a time (mostly process start-up). */
async function migrateInPlace(persistDir: string): Promise<void> {
  const queue = moduleDatabases().map((d) => d.name);
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift())
      await run(process.execPath, [
        WRANGLER,
        "d1",
        "migrations",
        "apply",
        name,
        "--local",
        "--persist-to",
        persistDir,
        "-c",
        CONFIG,
      ]);
  };
  await Promise.all([worker(), worker()]);
}

export interface LocalCloud {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// This machine has no route to Cloudflare: skip the `Request.cf` download and usage metrics.
const OFFLINE_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

/** A port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

/**
 * Starts the Worker in local workerd with D1, queues and Durable Objects persisted under `persistDir`. Its
 * APP_URL is its own address unless `vars` says otherwise, so mailed links and the Checkout return reach it
 * on whatever port it got (the port is chosen first for that: the Worker reads APP_URL once, at its start).
 */
export async function startLocalCloud(opts: {
  persistDir: string;
  port?: number;
  vars?: Record<string, string>;
}) {
  Object.assign(process.env, OFFLINE_ENV);
  const port = opts.port || (await freePort());
  const worker: Unstable_DevWorker = await unstable_dev(join(ROOT, "edge", "index.ts"), {
    config: CONFIG,
    persistTo: opts.persistDir,
    port,
    ip: "127.0.0.1",
    local: true,
    logLevel: "warn",
    vars: { APP_URL: `http://127.0.0.1:${port}`, ...opts.vars },
    experimental: { disableExperimentalWarning: true },
  });
  const cloud: LocalCloud = {
    url: `http://127.0.0.1:${worker.port}`,
    port: worker.port,
    stop: () => worker.stop(),
  };
  return cloud;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...OFFLINE_ENV, CI: "true" },
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${output}`)),
    );
  });
}
