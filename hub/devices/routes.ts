/** Device routes: pairing, registry, revocation, secret rotation, the device log and commands. */
import { z } from "zod";
import {
  createCommand,
  createCommandSchema,
  getCommand,
  listCommands,
  listCommandsSchema,
} from "../commands/index.ts";
import type { HubModuleContext } from "../module/manifest.ts";
import { allow, moduleRoutes } from "../module/routes.ts";
import { revokeDevice, rotateSecret } from "./credentials.ts";
import { readDeviceLog } from "./device-log.ts";
import { pairDevice, pairDeviceSchema } from "./pairing.ts";
import { getDevice, listDevices } from "./registry.ts";

const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
});

export function deviceRoutes(deps: HubModuleContext) {
  const { db, clock } = deps;
  return (
    moduleRoutes()
      .get("/api/devices", allow("read"), async (c) => c.json({ devices: await listDevices(db) }))
      .post("/api/devices", allow("admin", { json: pairDeviceSchema }), async (c) => {
        const paired = await pairDevice({ db, clock }, c.req.valid("json"));
        await deps.devicesChanged();
        return c.json(paired, 201);
      })
      .get("/api/devices/:id", allow("read"), async (c) => c.json(await getDevice(db, c.req.param("id"))))
      // The route ends the device's sessions before it answers; the CLI relies on the hub's registry watcher.
      .post("/api/devices/:id/revoke", allow("admin"), async (c) => {
        const device = await revokeDevice({ db, clock }, c.req.param("id"));
        await deps.devicesChanged();
        return c.json(device);
      })
      .post("/api/devices/:id/rotate-secret", allow("admin"), async (c) => {
        const rotated = await rotateSecret({ db, clock }, c.req.param("id"));
        await deps.devicesChanged();
        return c.json(rotated);
      })
      .get("/api/devices/:id/logs", allow("read", { query: logQuery }), async (c) =>
        c.json({ logs: await readDeviceLog(db, { deviceId: c.req.param("id"), ...c.req.valid("query") }) }),
      )
      .post("/api/devices/:id/commands", allow("operate", { json: createCommandSchema }), async (c) => {
        const deviceId = c.req.param("id");
        const command = await createCommand({ db, clock }, deviceId, c.req.valid("json"));
        await deps.commandCreated(deviceId);
        return c.json(command, 201);
      })
      .get("/api/devices/:id/commands", allow("read", { query: listCommandsSchema }), async (c) =>
        c.json({ commands: await listCommands(db, c.req.param("id"), c.req.valid("query")) }),
      )
      .get("/api/devices/:id/commands/:commandId", allow("read"), async (c) =>
        c.json(await getCommand(db, c.req.param("id"), c.req.param("commandId"))),
      )
  );
}

/** The module's routes as a type, for the console's client. */
export type DeviceRoutes = ReturnType<typeof deviceRoutes>;
