/**
 * `npm run hub` starts the hub (flags or OUTPOST_MQTT_PORT, OUTPOST_HTTP_PORT, OUTPOST_DATA_DIR, OUTPOST_HOST);
 * `npm run hub -- device …` manages paired devices (see hub/cli/device-cli.ts);
 * `npm run -s hub -- setup-code | admin token | metrics-token` print credentials (hub/cli/auth-cli.ts).
 */
import { AUTH_COMMANDS, runAuthCli, runDeviceCli, startFromCli } from "./cli/index.ts";

const argv = process.argv.slice(2);
const io = {
  env: process.env,
  out: (t: string) => process.stdout.write(t),
  err: (t: string) => process.stderr.write(t),
};
if (argv[0] === "device") {
  process.exitCode = await runDeviceCli(argv.slice(1), io);
} else if (argv[0] && AUTH_COMMANDS.includes(argv[0])) {
  process.exitCode = await runAuthCli(argv, io);
} else {
  await startFromCli(argv, process.env);
}
