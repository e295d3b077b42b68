/** End-to-end fixtures: the real Worker in workerd (wrangler) on a fixed free port, with persisted local state. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations, freePort, type LocalCloud, startLocalCloud } from "../scripts/cloud.ts";

export interface CloudFixture {
  url: string;
  cloud: LocalCloud;
  /** Stops the Worker; its D1 and Durable Object state stays on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state. */
  start(): Promise<void>;
  destroy(): Promise<void>;
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
