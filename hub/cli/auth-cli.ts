/**
 * The appliance shell's credentials, from the data folder (whoever can read it is trusted):
 * `setup-code` (a new one-time setup code while the hub has no owner), `admin token` (15 minutes),
 * `metrics-token` (a new read-only /metrics scrape token).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { systemClock } from "../../shared/clock/index.ts";
import {
  ADMIN_TOKEN_TTL_S,
  issueScrapeToken,
  issueSetupCode,
  mintAdminToken,
  trustedNow,
} from "../auth/index.ts";
import { DEFAULT_DATA_DIR } from "../config.ts";
import { openDb } from "../db/index.ts";
import { ensureHubId } from "../identity.ts";
import type { CliIo } from "./device-cli.ts";

export const AUTH_COMMANDS = ["setup-code", "admin", "metrics-token"];
export const AUTH_USAGE = `usage: npm run -s hub -- <command> [--data-dir DIR]
  setup-code       prints a one-time setup code while the hub has no owner (the previous code stops working)
  admin token      prints an admin token for this hub, valid ${ADMIN_TOKEN_TTL_S / 60} minutes
  metrics-token    prints a new read-only scrape token for /metrics (the previous one stops working)`;

/** Runs one credential subcommand; returns the process exit code. */
export async function runAuthCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${AUTH_USAGE}\n`);
    return 2;
  }
  const [command, sub] = parsed.positionals;
  if (command === "admin" && sub !== "token") {
    io.err(`${AUTH_USAGE}\n`);
    return 2;
  }
  const dataDir = parsed.values["data-dir"] ?? io.env.OUTPOST_DATA_DIR ?? DEFAULT_DATA_DIR;
  const storage = await openDb(join(dataDir, "hub.db"));
  try {
    const now = systemClock.now();
    if (command === "setup-code") {
      const code = await issueSetupCode(storage.db, now);
      if (!code) {
        io.err("this hub already has an owner or is claimed: sign in instead (or use `admin token`)\n");
        return 1;
      }
      io.out(`${code}\n`);
    } else if (command === "admin") {
      const hubId = await ensureHubId(storage.db, now);
      io.out(`${await mintAdminToken(storage.db, hubId, await trustedNow(storage.db, systemClock))}\n`);
    } else {
      io.out(`${await issueScrapeToken(storage.db)}\n`);
    }
    return 0;
  } finally {
    storage.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { "data-dir": { type: "string" } },
  });
}
