import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineProject } from "vitest/config";

const migrations = (module: string) =>
  readD1Migrations(fileURLToPath(new URL(`./cloud/${module}/migrations`, import.meta.url)));

// wrangler.toml serves the built owner app as static assets; the folder must exist even before a build.
mkdirSync(fileURLToPath(new URL("./cloud/web/dist", import.meta.url)), { recursive: true });

// The workerd project: edge and cloud run against real D1, queues and Durable Objects from wrangler.toml.
// Migrations are read here (Node) and applied in the runtime by edge/testing/apply-migrations.ts.
export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ENVIRONMENT: "test",
          TEST_MIGRATIONS: {
            ACCOUNTS_DB: await migrations("accounts"),
            SITES_DB: await migrations("sites"),
            NOTIFICATIONS_DB: await migrations("notifications"),
          },
        },
      },
    })),
  ],
  test: {
    name: "workers",
    include: ["edge/**/*.test.ts", "cloud/**/*.test.ts"],
    setupFiles: ["./edge/testing/apply-migrations.ts"],
    testTimeout: 20_000,
  },
});
