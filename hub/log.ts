/** JSON-lines logger on stderr; tests pass a silent one. */

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(name: string, level: "info" | "warn" | "error" | "silent" = "info"): Logger {
  const rank = { info: 0, warn: 1, error: 2, silent: 3 }[level];
  const write =
    (lvl: "info" | "warn" | "error", n: number) => (msg: string, fields?: Record<string, unknown>) => {
      if (n < rank) return;
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), lvl, name, msg, ...fields })}\n`);
    };
  return { info: write("info", 0), warn: write("warn", 1), error: write("error", 2) };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
