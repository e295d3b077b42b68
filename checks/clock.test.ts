import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Server code reads the time and sets timers only through the injected clock (shared/clock), so expiry,
 * delays and schedules run on a ManualClock in tests. The rule:
 * - server code is edge/, cloud/, hub/ and shared/, less the browser (cloud/web/, hub/console/app/, shared/ui/);
 * - test code may use real time: `*.test.ts(x)`, a file named `testing.ts`, anything under a `testing/` folder;
 * - the allow-lists below name every other exception, each with its reason.
 */
const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOTS = ["edge", "cloud", "hub", "shared"];
const BROWSER = ["cloud/web/", "hub/console/app/", "shared/ui/"];

/** Reading the time of day: `Date.now`, `new Date()` or `Date()` without an argument, the page's time origin. */
const TIME_READ = /\bDate\.now\b|\bnew\s+Date\s*\(\s*\)|(?<![\w.])Date\s*\(\s*\)|\bperformance\.timeOrigin\b/;
/** A runtime timer; `performance.now()` for elapsed durations and `setImmediate` (a yield) are neither. */
const TIMER = /(?<![\w.])(?:setTimeout|setInterval)\s*\(/;

const TIME_READS_ALLOWED: Record<string, string> = {
  "shared/clock/index.ts": "the system clock itself",
  "shared/ids/index.ts": "id generation stamps ids with the real time unless given one",
  "cloud/notifications/push.ts":
    "a VAPID token's expiry is checked by the push service against its real clock (RFC 8292), not domain time",
};
const TIMERS_ALLOWED: Record<string, string> = {
  "shared/clock/index.ts": "the system clock's timers themselves",
  "hub/broker/index.ts":
    "socket flow control: a rate-limited device's next message is held back for real milliseconds",
  "hub/ingest/writer.ts": "SQLite lock contention: a busy write is retried after real milliseconds",
  "hub/devices/registry-watcher.ts":
    "polls the database file for registry changes made by another process (the CLI), a real-time poll of a file",
  "hub/db/checkpointer.ts":
    "the WAL checkpoint thread looks at the WAL's size every real few hundred milliseconds (storage upkeep, not domain time)",
  "hub/live/server.ts":
    "batches pushes to open console sockets into frames of real milliseconds (a screen's refresh, not domain time)",
};

function isTest(path: string): boolean {
  return /\.test\.tsx?$/.test(path) || /(^|\/)testing\.ts$/.test(path) || /(^|\/)testing\//.test(path);
}

/** Server source files (repo-relative, `/`-separated), skipping dependencies, build output and tests. */
function serverSources(dir: string): string[] {
  return readdirSync(join(REPO, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(REPO, path)).isDirectory())
      return ["node_modules", "dist"].includes(name) ? [] : serverSources(path);
    if (!/\.tsx?$/.test(name) || isTest(path) || BROWSER.some((b) => path.startsWith(b))) return [];
    return [path];
  });
}

/** The lines of `text` that break the rule, as `line: text`. */
function violations(text: string, pattern: RegExp): string[] {
  return text.split("\n").flatMap((line, i) => {
    const code = line.replace(/^\s*(\/\/|\*|\/\*).*$/, "");
    return pattern.test(code) ? [`${i + 1}: ${line.trim()}`] : [];
  });
}

describe("time comes from the clock", () => {
  const files = ROOTS.flatMap(serverSources);

  it("scans the server code", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain("edge/site-ledger/index.ts");
    expect(files).not.toContain("cloud/web/api.ts");
  });

  it.each([
    ["reads the time", TIME_READ, TIME_READS_ALLOWED],
    ["sets a runtime timer", TIMER, TIMERS_ALLOWED],
  ] as const)("no server file %s outside the clock, except the allow-list", (_what, pattern, allowed) => {
    const offenders = files
      .filter((f) => !(f in allowed))
      .flatMap((f) => violations(readFileSync(join(REPO, f), "utf8"), pattern).map((v) => `${f}:${v}`));
    expect(offenders).toEqual([]);
    // An entry whose file moved or no longer needs it goes, so the list stays a true account.
    const stale = Object.keys(allowed).filter(
      (f) =>
        !existsSync(join(REPO, f)) || violations(readFileSync(join(REPO, f), "utf8"), pattern).length === 0,
    );
    expect(stale).toEqual([]);
  });

  it("would catch a time read or a timer (the check can fail)", () => {
    for (const line of [
      "const now = Date.now();",
      "clock: { now: Date.now },",
      "const at = new Date().toISOString();",
      "const s = Date();",
      "const t0 = performance.timeOrigin;",
    ])
      expect(violations(line, TIME_READ), line).toHaveLength(1);
    for (const line of [
      "new Date(ms).toISOString()",
      "Date.UTC(2026, 0, 1)",
      "performance.now()",
      "// Date.now()",
    ])
      expect(violations(line, TIME_READ), line).toEqual([]);
    expect(violations("const t = setTimeout(run, 10);", TIMER)).toHaveLength(1);
    expect(violations("setInterval(tick, 1000)", TIMER)).toHaveLength(1);
    expect(violations("clock.after(10, run); this.clock.every(1000, tick)", TIMER)).toEqual([]);
    // And it finds the real ones where they are allowed, so a scan of nothing cannot pass.
    expect(violations(readFileSync(join(REPO, "shared/clock/index.ts"), "utf8"), TIME_READ)).not.toEqual([]);
    expect(violations(readFileSync(join(REPO, "hub/broker/index.ts"), "utf8"), TIMER)).not.toEqual([]);
  });
});
