/** JSON-lines logger on stderr; tests pass a silent one. */
import { iso, systemClock } from "../shared/clock/index.ts";

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Lines carry the real time, also in a hub run on a manual clock: an operator reads them against the wall. */
export function createLogger(name: string, level: "info" | "warn" | "error" | "silent" = "info"): Logger {
  const rank = { info: 0, warn: 1, error: 2, silent: 3 }[level];
  const write =
    (lvl: "info" | "warn" | "error", n: number) => (msg: string, fields?: Record<string, unknown>) => {
      if (n < rank) return;
      process.stderr.write(`${JSON.stringify({ t: iso(systemClock.now()), lvl, name, msg, ...fields })}\n`);
    };
  return { info: write("info", 0), warn: write("warn", 1), error: write("error", 2) };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
