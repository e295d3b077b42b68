/** The baseline: raw aedes on a free port, with no authentication, no decoding and no storage. */
import { createServer } from "node:net";
import { Aedes } from "aedes";

const aedes = await Aedes.createBroker();
const server = createServer(aedes.handle);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send!({ ready: true, mqttUrl: `mqtt://127.0.0.1:${port}` });
});
process.on("message", (m: { cmd: string }) => {
  if (m.cmd === "rss") {
    (globalThis as { gc?: () => void }).gc?.();
    setTimeout(() => process.send!({ rss: process.memoryUsage().rss }), 200);
  }
});
