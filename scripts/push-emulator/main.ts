/** Runs the push-service emulator on its own: `node scripts/push-emulator/main.ts --port 12112`. */
import { parseArgs } from "node:util";
import { startPushEmulator } from "./index.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "12112" } } });
const emulator = await startPushEmulator({ port: Number(values.port) });
process.stdout.write(`Push-service emulator (development and tests only) on ${emulator.url}/push/<id>\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void emulator.close().then(() => process.exit(0)));
