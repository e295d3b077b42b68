import { describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";
import { CLOUD_MODULES } from "../cloud/modules.ts";
import { type RawWrangler, wranglerProblems } from "./wrangler.ts";

const raw = experimental_readRawConfig({ config: new URL("../wrangler.toml", import.meta.url).pathname })
  .rawConfig as RawWrangler;

describe("wrangler.toml and the module list", () => {
  it("binds every listed module's database the same way in development and production", () => {
    expect(raw.d1_databases?.length).toBe(CLOUD_MODULES.filter((m) => m.database).length);
    expect(wranglerProblems(raw, CLOUD_MODULES)).toEqual([]);
  });

  it("fails on a production binding missing, a stray binding, or a queue that only one block has", () => {
    const production = raw.env?.production ?? {};
    const withoutBilling: RawWrangler = {
      ...raw,
      env: {
        production: {
          ...production,
          d1_databases: production.d1_databases?.filter((d) => d.binding !== "BILLING_DB"),
        },
      },
    };
    expect(wranglerProblems(withoutBilling, CLOUD_MODULES)).toEqual([
      "production: no D1 binding BILLING_DB (module billing)",
    ]);
    const stray: RawWrangler = {
      ...raw,
      d1_databases: [
        ...(raw.d1_databases ?? []),
        { binding: "OLD_DB", database_name: "old", migrations_dir: "x" },
      ],
    };
    expect(wranglerProblems(stray, CLOUD_MODULES)).toEqual([
      "development: D1 binding OLD_DB belongs to no listed module",
    ]);
    // Two bindings with one database_id share one local database: caught, not found at run time.
    const [first, second, ...rest] = raw.d1_databases ?? [];
    const shared: RawWrangler = {
      ...raw,
      d1_databases: [first!, { ...second!, database_id: first!.database_id }, ...rest],
    };
    expect(wranglerProblems(shared, CLOUD_MODULES)).toEqual([
      `development: ${second!.binding} has the database_id of another binding`,
    ]);
    const oneQueue: RawWrangler = {
      ...raw,
      env: { production: { ...production, queues: { ...production.queues, producers: [] } } },
    };
    expect(wranglerProblems(oneQueue, CLOUD_MODULES).length).toBe(raw.queues?.producers?.length);
    // A module listed but never added to wrangler.toml fails in both blocks.
    const unlisted = {
      name: "ghost",
      deps: () => null,
      database: {
        binding: "GHOST_DB",
        name: "outpost-ghost",
        migrations: "cloud/ghost/migrations",
        schema: {},
      },
    };
    expect(wranglerProblems(raw, [...CLOUD_MODULES, unlisted])).toEqual([
      "development: no D1 binding GHOST_DB (module ghost)",
      "production: no D1 binding GHOST_DB (module ghost)",
    ]);
  });
});
