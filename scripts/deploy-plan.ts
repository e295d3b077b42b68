/** `npm run -s deploy:plan`: the per-module deploy commands (README "Deploy"), from the module list itself. */
import { CLOUD_MODULES } from "../cloud/modules.ts";

const databases = CLOUD_MODULES.flatMap((m) => (m.database ? [m.database] : []));
const width = Math.max(...databases.map((d) => d.binding.length));
const lines = [
  "# 1. One D1 database per module; put each printed database_id into [[env.production.d1_databases]].",
  ...databases.map((d) => `npx wrangler d1 create ${d.name}`),
  "# 2. The event queue and its dead-letter queue.",
  "npx wrangler queues create outpost-events",
  "npx wrangler queues create outpost-events-dlq",
  "# 3. Migrations, per database.",
  ...databases.map(
    (d) => `npx wrangler d1 migrations apply ${d.binding.padEnd(width)} --remote --env production`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
