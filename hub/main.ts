/** `npm run hub`: starts the hub alone and stops it cleanly on SIGINT/SIGTERM. */
import { readHubSettings } from "./config.ts";
import { createHub } from "./hub.ts";
import { createLogger } from "./log.ts";

const settings = readHubSettings(process.argv.slice(2), process.env);
const log = createLogger("hub", settings.logLevel);
const hub = await createHub({ ...settings, log });
process.stdout.write(`Outpost hub ${hub.hubId}\n  API  ${hub.httpUrl}\n  MQTT ${hub.mqttUrl}\n`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    hub.close().then(
      () => process.exit(0),
      (err) => {
        log.error("shutdown failed", { error: String(err) });
        process.exit(1);
      },
    );
  });
}
