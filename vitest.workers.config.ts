import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineProject } from "vitest/config";
import { CLOUD_MODULES } from "./cloud/modules.ts";
import { TEST_ONLY_MODULES } from "./edge/testing/modules.ts";
import { TEST_STRIPE_WEBHOOK_SECRET } from "./scripts/stripe-emulator/vitest-global-setup.ts";

// wrangler.toml serves the built owner app as static assets; the folder must exist even before a build.
mkdirSync(fileURLToPath(new URL("./cloud/web/dist", import.meta.url)), { recursive: true });

/** Every listed module's database (and the test-only modules'), with its checked-in migrations. */
async function migrations() {
  const found: Record<string, Awaited<ReturnType<typeof readD1Migrations>>> = {};
  for (const { database } of [...CLOUD_MODULES, ...TEST_ONLY_MODULES]) {
    if (database)
      found[database.binding] = await readD1Migrations(
        fileURLToPath(new URL(`./${database.migrations}`, import.meta.url)),
      );
  }
  return found;
}

// The workerd project: edge and cloud run against real D1, queues and Durable Objects from wrangler.toml.
// Migrations are read here (Node) and applied in the runtime by edge/testing/apply-migrations.ts.
export default defineProject({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // wrangler.toml binds the listed modules' databases; the test-only modules' are bound here.
        d1Databases: TEST_ONLY_MODULES.flatMap((m) => (m.database ? [m.database.binding] : [])),
        bindings: {
          ENVIRONMENT: "test",
          // Billing talks to the Stripe emulator started by the global setup (development and tests only).
          STRIPE_SECRET_KEY: "sk_test_outpost_workers",
          STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
          STRIPE_API_BASE: inject("stripeApiBase"),
          // Web push goes to the push-service emulator; tests subscribe with endpoints there.
          PUSH_SERVICE_BASE: inject("pushServiceBase"),
          TEST_MIGRATIONS: await migrations(),
        },
      },
    })),
  ],
  test: {
    name: "workers",
    include: ["edge/**/*.test.ts", "cloud/**/*.test.ts"],
    setupFiles: ["./edge/testing/apply-migrations.ts"],
    globalSetup: [
      "./scripts/stripe-emulator/vitest-global-setup.ts",
      "./scripts/push-emulator/vitest-global-setup.ts",
    ],
    testTimeout: 20_000,
  },
});
