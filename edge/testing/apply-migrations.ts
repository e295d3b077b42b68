/** Applies every module's checked-in D1 migrations before each test file (storage is per file). */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

const bindings = env as unknown as Record<string, D1Database>;
for (const [binding, migrations] of Object.entries(env.TEST_MIGRATIONS)) {
  await applyD1Migrations(bindings[binding] as D1Database, migrations);
}
