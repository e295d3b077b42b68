import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { ACTION_INPUTS, type RemoteActionEnvelope } from "../../shared/sync/index.ts";
import { hubSettings, type OpenedDb, openDb, remoteActions } from "../db/index.ts";
import { getSetting } from "../identity.ts";
import { defineHubModule, defineRemoteAction, remoteActionsOf } from "../module/index.ts";
import { type ApplyActionDeps, applyActionOnce } from "./apply-action.ts";

let storage: OpenedDb;
beforeAll(async () => {
  storage = await openDb(":memory:");
});
afterAll(() => storage.close());

/** How the handler behaves on its next call: a fault injected on purpose, then the real effect. */
let mode: "crash" | "refuse" | "apply" = "apply";

const counted = defineRemoteAction({
  kind: "alarm.acknowledge",
  input: ACTION_INPUTS["alarm.acknowledge"],
  async apply(ctx, action) {
    const key = `effect.${action.target}`;
    const n = ((await getSetting<number>(ctx.db, key)) ?? 0) + 1;
    await ctx.db
      .insert(hubSettings)
      .values({ key, value: n })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value: n } });
    // After the effect is written: a failure here must take it back with it.
    if (mode === "crash") throw new Error("power cut");
    if (mode === "refuse") throw new AppError("CONFLICT", "already closed");
  },
});
const deps = (): ApplyActionDeps => ({
  db: storage.db,
  clock: new ManualClock(1_000),
  handlers: remoteActionsOf([defineHubModule({ name: "monitoring", remoteActions: [counted] })]),
  source: (module) => ({ siteId: "site-1", module }),
});

let n = 0;
const action = (kind = "alarm.acknowledge"): RemoteActionEnvelope => {
  n++;
  return {
    id: `act-${n}`,
    kind,
    target: `alarm-${n}`,
    input: { note: "seen" },
    by: { userId: "u-1", name: "Una" },
  };
};
const recordOf = async (id: string) =>
  (await storage.db.select().from(remoteActions).where(eq(remoteActions.id, id)))[0];

describe("a remote action and its record", () => {
  it("leaves neither record nor effect when the effect throws, and applies once on the next round", async () => {
    const a = action();
    mode = "crash";
    await expect(applyActionOnce(deps(), a)).rejects.toThrow("power cut");
    expect(await recordOf(a.id)).toBeUndefined();
    expect(await getSetting(storage.db, `effect.${a.target}`)).toBeUndefined();

    mode = "apply";
    expect(await applyActionOnce(deps(), a)).toBe("APPLIED");
    expect(await applyActionOnce(deps(), a)).toBe("ALREADY_APPLIED");
    expect(await recordOf(a.id)).toMatchObject({ status: "APPLIED", result: null, appliedAt: 1_000 });
    expect(await getSetting(storage.db, `effect.${a.target}`)).toBe(1);
  });

  it("records a refusal as FAILED with the effect taken back, and an unknown kind as FAILED", async () => {
    const refused = action();
    mode = "refuse";
    expect(await applyActionOnce(deps(), refused)).toBe("FAILED");
    expect(await recordOf(refused.id)).toMatchObject({
      status: "FAILED",
      result: { code: "CONFLICT", message: "already closed" },
    });
    expect(await getSetting(storage.db, `effect.${refused.target}`)).toBeUndefined();

    const unknown = action("heater.switch");
    expect(await applyActionOnce(deps(), unknown)).toBe("FAILED");
    expect((await recordOf(unknown.id))?.result).toMatchObject({ code: "VALIDATION_ERROR" });
  });
});
