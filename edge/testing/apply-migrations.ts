/** Applies every module's checked-in D1 migrations before each test file (storage is per file). */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

for (const [binding, migrations] of Object.entries(env.TEST_MIGRATIONS)) {
  await applyD1Migrations(env[binding as keyof typeof env.TEST_MIGRATIONS], migrations);
}
