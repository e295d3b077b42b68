/** `npm run hub` with no subcommand: starts the hub and stops it cleanly on SIGINT/SIGTERM. */
import { systemClock } from "../../shared/clock/index.ts";
import { issueSetupCode } from "../auth/index.ts";
import { readHubSettings } from "../config.ts";
import { createHub } from "../hub.ts";
import { createLogger } from "../log.ts";

export async function startFromCli(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const settings = readHubSettings(argv, env);
  const log = createLogger("hub", settings.logLevel);
  const hub = await createHub({ ...settings, log });
  process.stdout.write(`Outpost hub ${hub.hubId}\n  API  ${hub.httpUrl}\n  MQTT ${hub.mqttUrl}\n`);
  // A hub with no owner prints a fresh one-time code; redeeming it (POST /api/auth/setup) creates the owner.
  const setupCode = await issueSetupCode(hub.storage.db, systemClock.now());
  if (setupCode) {
    process.stdout.write(
      `  Setup code ${setupCode}  (one time: create the hub's owner at ${hub.httpUrl}; \`npm run -s hub -- setup-code\` makes a new one)\n`,
    );
  }

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
}
