/** One JSON log line per request, carrying the request and correlation ids so a flow can be followed. */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../../cloud/http/index.ts";
import type { Clock } from "../../../shared/clock/index.ts";

export interface RequestLogEntry {
  level: "info" | "warn" | "error";
  message: "request";
  requestId: string;
  correlationId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userId?: string;
}

export type LogSink = (entry: RequestLogEntry) => void;

/** Workers Logs index JSON written to the console. */
export const consoleLog: LogSink = (entry) => console.log(JSON.stringify(entry));

// The path only: query strings can carry tokens (reset links) and must not reach the logs.
export function requestLog(sink: LogSink, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = clock.now();
    await next();
    const status = c.res.status;
    const user = c.get("user");
    sink({
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      message: "request",
      requestId: c.get("requestId"),
      correlationId: c.get("correlationId"),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: clock.now() - started,
      ...(user ? { userId: user.id } : {}),
    });
  };
}
