/**
 * Test fixture: a hub in a process of its own, so that durability.test.ts can kill it with SIGKILL.
 * Usage: node hub/durability-fixture.ts DATA_DIR. Prints `{"httpUrl","mqttUrl","adminToken"}` as one JSON line.
 */
import { createHub } from "./hub.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: durability-fixture.ts DATA_DIR");
// Rate limits out of the way: the test wants as many messages in flight as it can make.
const hub = await createHub({
  dataDir,
  host: "127.0.0.1",
  mqttPort: 0,
  httpPort: 0,
  limits: { deviceRatePerSecond: 1_000_000, deviceBurst: 1_000_000 },
});
const adminToken = await hub.adminToken();
process.stdout.write(`${JSON.stringify({ httpUrl: hub.httpUrl, mqttUrl: hub.mqttUrl, adminToken })}\n`);
