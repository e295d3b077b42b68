import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineProject } from "vitest/config";
import { TEST_STRIPE_WEBHOOK_SECRET } from "./scripts/stripe-emulator/vitest-global-setup.ts";

const migrations = (module: string) =>
  readD1Migrations(fileURLToPath(new URL(`./cloud/${module}/migrations`, import.meta.url)));

// wrangler.toml serves the built owner app as static assets; the folder must exist even before a build.
mkdirSync(fileURLToPath(new URL("./cloud/web/dist", import.meta.url)), { recursive: true });

// The workerd project: edge and cloud run against real D1, queues and Durable Objects from wrangler.toml.
// Migrations are read here (Node) and applied in the runtime by edge/testing/apply-migrations.ts.
export default defineProject({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ENVIRONMENT: "test",
          // Billing talks to the Stripe emulator started by the global setup (development and tests only).
          STRIPE_SECRET_KEY: "sk_test_outpost_workers",
          STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
          STRIPE_API_BASE: inject("stripeApiBase"),
          TEST_MIGRATIONS: {
            ACCOUNTS_DB: await migrations("accounts"),
            SITES_DB: await migrations("sites"),
            NOTIFICATIONS_DB: await migrations("notifications"),
            BILLING_DB: await migrations("billing"),
          },
        },
      },
    })),
  ],
  test: {
    name: "workers",
    include: ["edge/**/*.test.ts", "cloud/**/*.test.ts"],
    setupFiles: ["./edge/testing/apply-migrations.ts"],
    globalSetup: ["./scripts/stripe-emulator/vitest-global-setup.ts"],
    testTimeout: 20_000,
  },
});
