/**
 * The `rules` section: alarm rule settings per equipment, merged through the hub's updateRules (which
 * validates the merged result). Who wins: a setting the cloud lists wins; a setting it does not list keeps
 * the hub's value. Settings are checked against the hub's own rule schema before anything is applied.
 */
import { z } from "zod";
import { rulesSection as wire } from "../../shared/desired-state/index.ts";
import { defineSection } from "../desired-state/section.ts";
import { fixedClock, verbsDb } from "../desired-state/tx-db.ts";
import { rulesOf, updateRules } from "./equipment.ts";
import { ruleConfigSchema } from "./rules/index.ts";

// Each setting checked by the hub's own field schema (the cross-field check runs on the merged rules).
const settings = z.object(ruleConfigSchema.shape).partial().strict();
const schema = wire.extend({
  rules: z.array(z.object({ equipmentId: z.string().min(1).max(64), settings })).max(1000),
});

export const rulesSection = defineSection({
  name: "rules",
  version: 1,
  schema,
  async apply(tx, value, ctx) {
    const verbs = { db: verbsDb(tx), clock: fixedClock(ctx.now), changed: async () => {} };
    for (const { equipmentId, settings } of value.rules) {
      const { rules } = await rulesOf(verbs.db, equipmentId);
      const unchanged = Object.entries(settings).every(([k, v]) => rules[k as keyof typeof rules] === v);
      if (!unchanged) await updateRules(verbs, equipmentId, settings, "desired-state");
    }
  },
});
