/**
 * wrangler.toml against the module list: wrangler reads only that file, so it repeats every module's database in
 * the development block and again in `[env.production]` (bindings are not inherited). This lists where they differ.
 */
import type { AnyCloudModule } from "../cloud/module/index.ts";

interface D1Block {
  binding?: string;
  database_name?: string;
  database_id?: string;
  migrations_dir?: string;
}

/** The parts of wrangler's raw configuration this check reads (experimental_readRawConfig().rawConfig). */
export interface RawWrangler {
  vars?: Record<string, unknown>;
  d1_databases?: D1Block[];
  queues?: { producers?: { binding: string; queue: string }[]; consumers?: unknown[] };
  durable_objects?: { bindings?: { name: string; class_name: string }[] };
  env?: Record<string, RawWrangler>;
}

const key = (value: unknown) => JSON.stringify(value);

function sameSet(label: string, dev: unknown[] = [], prod: unknown[] = []): string[] {
  const d = new Set(dev.map(key));
  const p = new Set(prod.map(key));
  return [
    ...[...d].filter((x) => !p.has(x)).map((x) => `${label} ${x} is in development but not in production`),
    ...[...p].filter((x) => !d.has(x)).map((x) => `${label} ${x} is in production but not in development`),
  ];
}

/** Every disagreement between the module list, the development block and the production block. */
export function wranglerProblems(raw: RawWrangler, modules: readonly AnyCloudModule[]): string[] {
  const production = raw.env?.production;
  if (!production) return ["wrangler.toml has no [env.production] block"];
  const problems: string[] = [];
  const declared = modules.flatMap((m) => (m.database ? [{ module: m.name, ...m.database }] : []));
  for (const [block, config] of [
    ["development", raw],
    ["production", production],
  ] as const) {
    const d1 = config.d1_databases ?? [];
    for (const db of declared) {
      const found = d1.find((b) => b.binding === db.binding);
      if (!found) problems.push(`${block}: no D1 binding ${db.binding} (module ${db.module})`);
      else if (found.database_name !== db.name || found.migrations_dir !== db.migrations)
        problems.push(`${block}: ${db.binding} differs from module ${db.module}'s manifest`);
    }
    for (const b of d1)
      if (!declared.some((db) => db.binding === b.binding))
        problems.push(`${block}: D1 binding ${b.binding} belongs to no listed module`);
    // Local D1 storage is keyed by database_id: two bindings sharing one would silently share one database.
    for (const [i, b] of d1.entries())
      if (b.database_id && d1.findIndex((o) => o.database_id === b.database_id) !== i)
        problems.push(`${block}: ${b.binding} has the database_id of another binding`);
  }
  problems.push(
    ...sameSet("queue producer", raw.queues?.producers, production.queues?.producers),
    ...sameSet("queue consumer", raw.queues?.consumers, production.queues?.consumers),
    ...sameSet("durable object", raw.durable_objects?.bindings, production.durable_objects?.bindings),
  );
  for (const name of Object.keys(raw.vars ?? {}))
    if (!(name in (production.vars ?? {}))) problems.push(`var ${name} is not set in production`);
  return problems;
}
