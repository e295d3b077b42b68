/** Vitest global setup for the workerd project: one Stripe emulator (not Stripe) for the run; the Worker reaches it over HTTP. */
import type { TestProject } from "vitest/node";
import { startStripeEmulator } from "./index.ts";

export const TEST_STRIPE_WEBHOOK_SECRET = "whsec_test_outpost_workers";

declare module "vitest" {
  export interface ProvidedContext {
    stripeApiBase: string;
  }
}

export default async function setup(project: TestProject) {
  // No webhook URL: workerd tests sign and post the events they need themselves.
  const emulator = await startStripeEmulator({ webhookSecret: TEST_STRIPE_WEBHOOK_SECRET, log: () => {} });
  project.provide("stripeApiBase", emulator.url);
  return () => emulator.close();
}
