/** End-to-end fixtures: the real Worker in workerd (wrangler) on a fixed free port, with persisted local state. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations, type LocalCloud, startLocalCloud } from "../scripts/cloud.ts";

export interface CloudFixture {
  url: string;
  cloud: LocalCloud;
  /** Stops the Worker; its D1 and Durable Object state stays on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

export async function startCloudFixture(): Promise<CloudFixture> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-cloud-"));
  const persistDir = join(dir, "state");
  await applyLocalMigrations(persistDir);
  const port = await freePort();
  const fixture: CloudFixture = {
    url: `http://127.0.0.1:${port}`,
    cloud: await startLocalCloud({ persistDir, port }),
    async stop() {
      await fixture.cloud.stop();
    },
    async start() {
      fixture.cloud = await startLocalCloud({ persistDir, port });
    },
    async destroy() {
      await fixture.cloud.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
