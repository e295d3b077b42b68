/** The heating module's manifest: rooms and their thermostats, heater commands, room sensor and meter telemetry. */
import { ACTION_INPUTS } from "../../shared/sync/index.ts";
import { heatingEnergy, heatingRoomDevices, heatingRooms } from "../db/index.ts";
import { defineHubModule, defineRemoteAction } from "../module/manifest.ts";
import { heatingRoutes } from "./routes.ts";
import { heatingDesiredSection } from "./section.ts";
import { heatingTelemetry } from "./telemetry.ts";
import { heatingTick } from "./tick.ts";
import { startHold } from "./verbs.ts";

/** One tick a minute: a stale sensor is acted on within a minute of going stale. */
export const HEATING_TICK_MS = 60_000;

const setpointAction = defineRemoteAction({
  kind: "heating.setpoint",
  input: ACTION_INPUTS["heating.setpoint"],
  async apply(ctx, a) {
    await startHold(ctx, {
      roomId: a.target,
      hold: "override",
      setPoint: a.input.setPoint,
      minutes: a.input.minutes,
      origin: "remote-action",
      by: a.by.name,
    });
  },
});

const boostAction = defineRemoteAction({
  kind: "heating.boost",
  input: ACTION_INPUTS["heating.boost"],
  async apply(ctx, a) {
    await startHold(ctx, {
      roomId: a.target,
      hold: "boost",
      setPoint: a.input.setPoint,
      minutes: a.input.minutes,
      origin: "remote-action",
      by: a.by.name,
    });
  },
});

export const heatingModule = defineHubModule({
  name: "heating",
  tables: [heatingRooms, heatingRoomDevices, heatingEnergy],
  routes: heatingRoutes,
  sections: [heatingDesiredSection],
  telemetry: heatingTelemetry,
  remoteActions: [setpointAction, boostAction],
  timers(ctx) {
    let reassert = true;
    const tickMs = ctx.settings.heatingTickMs ?? HEATING_TICK_MS;
    return [
      {
        name: "tick",
        everyMs: tickMs,
        // Soon after start: the first tick tells every heater its desired state, so none is left stuck on.
        firstAfterMs: 1_000,
        async run() {
          await heatingTick(ctx, { tickMs, reassert });
          reassert = false;
        },
      },
    ];
  },
});
