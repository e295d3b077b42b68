import { getTableName, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "./db/schema/index.ts";
import { checkModules, deviceHooksOf, remoteActionsOf, sectionsOf } from "./module/index.ts";
import { HUB_MODULES } from "./modules.ts";
import { monitoringModule } from "./monitoring/module.ts";

/** Tables of the hub itself: sign-in, the outbox and settings, remote actions. */
const CORE_TABLES = [
  "trusted_keys",
  "site_members",
  "removed_members",
  "local_accounts",
  "setup_codes",
  "hub_sessions",
  "sign_in_codes",
  "used_sign_in_codes",
  "outbox",
  "hub_settings",
  "remote_actions",
];

describe("the hub's module list", () => {
  it("gives every table of the schema (the migrations' source) one owner: the hub or one module", () => {
    const inSchema = Object.values(schema)
      .filter((v) => is(v, SQLiteTable))
      .map((t) => getTableName(t as SQLiteTable));
    const owned = [
      ...CORE_TABLES,
      ...HUB_MODULES.flatMap((m) => (m.tables ?? []).map((t) => getTableName(t))),
    ];
    expect(owned.toSorted()).toEqual(inSchema.toSorted());
  });

  it("composes: unique names and sections, one handler per action kind, one telemetry claim per kind", () => {
    expect(() => checkModules(HUB_MODULES)).not.toThrow();
    expect(sectionsOf(HUB_MODULES).map((s) => `${s.name}@${s.version}`)).toEqual([
      "trustedKeys@2",
      "trustedKeys@1",
      "members@1",
      "site@1",
      "devices@1",
      "equipment@1",
      "rules@1",
      "heating@1",
      "dispensing@1",
      "service@1",
    ]);
    expect([...remoteActionsOf(HUB_MODULES).keys()].toSorted()).toEqual([
      "alarm.acknowledge",
      "alarm.close",
      "heating.boost",
      "heating.setpoint",
    ]);
    expect(() =>
      deviceHooksOf([...HUB_MODULES, { name: "heating", telemetry: monitoringModule.telemetry }]),
    ).toThrow(/claimed by both/);
  });
});
