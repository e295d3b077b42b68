/** Runs the Stripe emulator on its own: `node scripts/stripe-emulator/main.ts --port 12111 --webhook-url … --webhook-secret …`. */
import { parseArgs } from "node:util";
import { startStripeEmulator } from "./index.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "12111" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string", default: "whsec_emulator" },
  },
});
const emulator = await startStripeEmulator({
  port: Number(values.port),
  webhookSecret: values["webhook-secret"] as string,
  ...(values["webhook-url"] ? { webhookUrl: values["webhook-url"] } : {}),
});
process.stdout.write(
  `Stripe emulator (development and tests only; not Stripe) on ${emulator.url}; webhooks → ${values["webhook-url"] ?? "(none)"}\n`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void emulator.close().then(() => process.exit(0)));
