/**
 * `npm run hub -- device <add|list|revoke|rotate-secret>`: manages paired devices in the data
 * folder's SQLite file directly, so it works with or without a running hub (WAL lets both write).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { systemClock } from "../../shared/clock/index.ts";
import { AppError, toAppError } from "../../shared/errors/index.ts";
import { DEFAULT_DATA_DIR } from "../config.ts";
import { type HubDb, openDb } from "../db/index.ts";
import { listDevices, pairDevice, pairDeviceSchema, revokeDevice, rotateSecret } from "../devices/index.ts";

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

export const DEVICE_USAGE = `usage: npm run hub -- device <command> [--data-dir DIR]
  add --kind KIND --name NAME [--optimal-min C --optimal-max C --serial S --location L]
                             pairs a device; prints its id and one-time secret as JSON
  list                       lists paired devices as JSON
  revoke ID                  revokes a device; a running hub disconnects it within a second
  rotate-secret ID           issues a new secret (shown once); the old one stops working
kinds: fridge, freezer, dispenser, heater, sensor, controller, meter`;

/** Runs one device subcommand; returns the process exit code. */
export async function runDeviceCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${DEVICE_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, id] = positionals;
  if (!command || values.help) {
    io.err(`${DEVICE_USAGE}\n`);
    return command ? 0 : 2;
  }
  const dataDir = values["data-dir"] ?? io.env.OUTPOST_DATA_DIR ?? DEFAULT_DATA_DIR;
  const storage = await openDb(join(dataDir, "hub.db"));
  try {
    const result = await run(storage.db, command, id, values);
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    const e = err instanceof AppError ? err : toAppError(err);
    if (e.code === "INTERNAL") io.err(`${String(err)}\n`);
    io.err(`${JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } })}\n`);
    return e.code === "VALIDATION_ERROR" ? 2 : 1;
  } finally {
    storage.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      "data-dir": { type: "string" },
      kind: { type: "string" },
      name: { type: "string" },
      "optimal-min": { type: "string" },
      "optimal-max": { type: "string" },
      serial: { type: "string" },
      location: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

type Values = ReturnType<typeof parse>["values"];

async function run(db: HubDb, command: string, id: string | undefined, v: Values): Promise<unknown> {
  const ctx = { db, clock: systemClock };
  switch (command) {
    case "add": {
      const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
      const equipment = {
        optimalMin: num(v["optimal-min"]),
        optimalMax: num(v["optimal-max"]),
        serialNumber: v.serial,
        locationName: v.location,
      };
      const hasEquipment = Object.values(equipment).some((x) => x !== undefined);
      const input = pairDeviceSchema.safeParse({
        kind: v.kind?.toUpperCase(),
        name: v.name,
        ...(hasEquipment ? { equipment } : {}),
      });
      if (!input.success) throw new AppError("VALIDATION_ERROR", "invalid device", input.error.issues);
      return pairDevice(ctx, input.data);
    }
    case "list":
      return { devices: await listDevices(db) };
    case "revoke":
      return revokeDevice(ctx, required(id));
    case "rotate-secret":
      return rotateSecret(ctx, required(id));
    default:
      throw new AppError("VALIDATION_ERROR", `unknown device command ${command}`);
  }
}

function required(id: string | undefined): string {
  if (!id) throw new AppError("VALIDATION_ERROR", "a device id is required");
  return id;
}
