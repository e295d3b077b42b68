/**
 * Monitoring's remote actions: acknowledge and close an alarm from the web app, through the same verbs as
 * the hub's own routes. The person recorded is the cloud user (their id, the subject of their tokens),
 * in the same words as a person at the hub, so the food-safety record reads the same either way.
 */
import { ACTION_INPUTS } from "../../shared/sync/index.ts";
import { recordedPerson } from "../auth/index.ts";
import { defineRemoteAction } from "../module/manifest.ts";
import { acknowledgeAlarm, closeAlarm } from "./lifecycle.ts";

const person = (by: { userId: string; name: string }) =>
  recordedPerson({ subject: by.userId, name: by.name });

export const acknowledgeAction = defineRemoteAction({
  kind: "alarm.acknowledge",
  input: ACTION_INPUTS["alarm.acknowledge"],
  async apply(ctx, action) {
    await acknowledgeAlarm(ctx, { alarmId: action.target, by: person(action.by), note: action.input.note });
  },
});

export const closeAction = defineRemoteAction({
  kind: "alarm.close",
  input: ACTION_INPUTS["alarm.close"],
  async apply(ctx, action) {
    await closeAlarm(ctx, {
      alarmId: action.target,
      by: person(action.by),
      correctiveAction: action.input.correctiveAction,
    });
  },
});
