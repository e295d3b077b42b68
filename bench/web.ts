/**
 * Web benchmarks: 1. the owner app's first-load JavaScript, gzipped, against a 100 KB budget; 2. the time to
 * draw 30 days of minute rollups (43,200 points) with the app's chart in headless Chromium, against 200 ms.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import preact from "@preact/preset-vite";
import { build } from "vite";
import { launchChromium } from "../e2e/browser/chromium.ts";

const ROOT = join(import.meta.dirname, "..");
const KB = 1000;

/** Builds the owner app and sums the gzipped JS that index.html loads before anything else happens. */
export async function firstLoadJs(): Promise<{ bytes: number; files: string[]; ratio: number }> {
  const outDir = mkdtempSync(join(tmpdir(), "outpost-web-bench-"));
  try {
    await build({
      configFile: join(ROOT, "cloud/web/vite.config.ts"),
      logLevel: "silent",
      build: { outDir },
    });
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const bytes = files.reduce(
      (sum, f) => sum + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length,
      0,
    );
    return { bytes, files, ratio: bytes / (100 * KB) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/** Builds the chart bench page, serves it locally and reads the draw times Chromium measured. */
export async function chartDraw(): Promise<{
  medianMs: number;
  runs: number[];
  points: number;
  ratio: number;
}> {
  const outDir = mkdtempSync(join(tmpdir(), "outpost-chart-bench-"));
  const server = createServer((req, res) => {
    const path = req.url === "/" ? "/index.html" : (req.url ?? "/");
    try {
      const body = readFileSync(join(outDir, path.replaceAll("..", "")));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const browser = await launchChromium();
  try {
    await build({
      root: join(ROOT, "bench/web-chart"),
      configFile: false,
      plugins: [preact()],
      logLevel: "silent",
      build: { outDir, emptyOutDir: true },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as { port: number };
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, {
      timeout: 120_000,
    });
    const r = (await page.evaluate(() => (window as unknown as { __bench: unknown }).__bench)) as {
      points: number;
      runs: number[];
    };
    const sorted = [...r.runs].sort((a, b) => a - b);
    const medianMs = sorted[Math.floor(sorted.length / 2)]!;
    return { medianMs, runs: r.runs, points: r.points, ratio: medianMs / 200 };
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
