/** Hub configuration from flags or the environment, validated once at start. */
import { parseArgs } from "node:util";
import { z } from "zod";

/** Where the hub keeps `hub.db` unless told otherwise. */
export const DEFAULT_DATA_DIR = ".data/hub";

const schema = z.object({
  mqttPort: z.coerce.number().int().min(0).max(65535).default(1883),
  httpPort: z.coerce.number().int().min(0).max(65535).default(8080),
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  /** The interface HTTP and MQTT listen on: loopback unless the appliance is told its LAN address (or 0.0.0.0). */
  host: z.string().default("127.0.0.1"),
  /** Host names browsers use for the hub besides its own name and addresses (comma-separated). */
  publicHosts: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((h) => h.trim())
            .filter(Boolean)
        : [],
    ),
  logLevel: z.enum(["info", "warn", "error", "silent"]).default("info"),
});
export type HubSettings = z.infer<typeof schema>;

/** Flags win over OUTPOST_* variables, which win over defaults. */
export function readHubSettings(argv: string[], env: NodeJS.ProcessEnv): HubSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      "mqtt-port": { type: "string" },
      "http-port": { type: "string" },
      "data-dir": { type: "string" },
      host: { type: "string" },
      "public-host": { type: "string", multiple: true },
      "log-level": { type: "string" },
    },
    strict: true,
  });
  return schema.parse({
    mqttPort: values["mqtt-port"] ?? env.OUTPOST_MQTT_PORT,
    httpPort: values["http-port"] ?? env.OUTPOST_HTTP_PORT,
    dataDir: values["data-dir"] ?? env.OUTPOST_DATA_DIR,
    host: values.host ?? env.OUTPOST_HOST,
    publicHosts: values["public-host"]?.join(",") ?? env.OUTPOST_PUBLIC_HOSTS,
    logLevel: values["log-level"] ?? env.OUTPOST_LOG_LEVEL,
  });
}
