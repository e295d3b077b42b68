/**
 * `npm run hub` starts the hub (flags or OUTPOST_MQTT_PORT, OUTPOST_HTTP_PORT, OUTPOST_DATA_DIR);
 * `npm run hub -- device …` manages paired devices (see hub/cli/device-cli.ts).
 */
import { runDeviceCli, startFromCli } from "./cli/index.ts";

const argv = process.argv.slice(2);
if (argv[0] === "device") {
  const io = {
    env: process.env,
    out: (t: string) => process.stdout.write(t),
    err: (t: string) => process.stderr.write(t),
  };
  process.exitCode = await runDeviceCli(argv.slice(1), io);
} else {
  await startFromCli(argv, process.env);
}
