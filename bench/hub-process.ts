/** A hub under test in its own process; answers `rss` over IPC with its resident memory after a GC. */
import { createHub } from "../hub/index.ts";

const { dataDir, limits, synchronous, checkpointThread } = JSON.parse(process.argv[2]!) as {
  dataDir: string;
  limits?: Record<string, number>;
  synchronous?: "FULL" | "NORMAL";
  checkpointThread?: boolean;
};
const hub = await createHub({
  dataDir,
  host: "127.0.0.1",
  mqttPort: 0,
  httpPort: 0,
  limits,
  synchronous,
  checkpointThread,
});
process.send!({
  ready: true,
  mqttUrl: hub.mqttUrl,
  httpUrl: hub.httpUrl,
  adminToken: await hub.adminToken(),
});
process.on("message", (m: { cmd: string }) => {
  if (m.cmd === "rss") {
    // The bench starts this process with --expose-gc, so that what is measured is what is live.
    (globalThis as { gc?: () => void }).gc?.();
    setTimeout(() => {
      const m = process.memoryUsage();
      process.send!({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
    }, 200);
  } else if (m.cmd === "stop") {
    hub.close().then(() => process.exit(0));
  }
});
