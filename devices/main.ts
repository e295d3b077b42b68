/**
 * `npm run devices -- --url mqtt://127.0.0.1:1883 --fridge ID:SECRET --freezer ID:SECRET --faulty ID`
 * runs simulated devices against a hub until interrupted.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { connectDevice } from "./sdk/index.ts";
import { runFridge } from "./simulators/index.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.OUTPOST_MQTT_URL ?? "mqtt://127.0.0.1:1883" },
    fridge: { type: "string", multiple: true, default: [] },
    freezer: { type: "string", multiple: true, default: [] },
    faulty: { type: "string", multiple: true, default: [] },
    "fault-after": { type: "string", default: "60" },
    interval: { type: "string", default: "2000" },
    speed: { type: "string", default: "30" },
    json: { type: "boolean", default: false },
  },
});

const numbers = z
  .object({
    faultAfter: z.coerce.number().min(0),
    interval: z.coerce.number().int().min(50),
    speed: z.coerce.number().positive(),
  })
  .parse({ faultAfter: values["fault-after"], interval: values.interval, speed: values.speed });

const units = [
  ...values.fridge.map((s) => ({ spec: s, kind: "FRIDGE" as const })),
  ...values.freezer.map((s) => ({ spec: s, kind: "FREEZER" as const })),
];
if (units.length === 0) {
  process.stderr.write("nothing to simulate: pass --fridge ID:SECRET and/or --freezer ID:SECRET\n");
  process.exit(2);
}

const sims = await Promise.all(
  units.map(async ({ spec, kind }) => {
    const [deviceId, secret] = spec.split(":");
    if (!deviceId || !secret) throw new Error(`expected ID:SECRET, got ${spec}`);
    const device = await connectDevice({
      url: values.url,
      deviceId,
      secret,
      encoding: values.json ? "json" : "cbor",
      birth: {
        kind,
        model: `SIM-${kind}`,
        firmware: "1.0.0",
        capabilities: ["temperature", "door", "compressor"],
      },
    });
    const faulty = values.faulty.includes(deviceId);
    const sim = runFridge(device, {
      kind,
      intervalMs: numbers.interval,
      speed: numbers.speed,
      faultAfterMs: faulty ? numbers.faultAfter * 1000 : undefined,
      onError: (err) => process.stderr.write(`${deviceId}: ${String(err)}\n`),
    });
    process.stdout.write(`simulating ${kind.toLowerCase()} ${deviceId}${faulty ? " (will fail)" : ""}\n`);
    return { device, sim };
  }),
);

process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
async function stop() {
  for (const s of sims) s.sim.stop();
  await Promise.all(sims.map((s) => s.device.close()));
  process.exit(0);
}
