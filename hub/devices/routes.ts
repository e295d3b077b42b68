/** Device routes: pairing, registry, revocation, secret rotation, the device log and commands. */
import { z } from "zod";
import { jsonBody, parse } from "../api/errors.ts";
import {
  createCommand,
  createCommandSchema,
  getCommand,
  listCommands,
  listCommandsSchema,
} from "../commands/index.ts";
import type { HubModuleContext } from "../module/manifest.ts";
import { get, type HubRoute, post } from "../module/routes.ts";
import { revokeDevice, rotateSecret } from "./credentials.ts";
import { readDeviceLog } from "./device-log.ts";
import { pairDevice, pairDeviceSchema } from "./pairing.ts";
import { getDevice, listDevices } from "./registry.ts";

const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
});

export function deviceRoutes(deps: HubModuleContext): HubRoute[] {
  const { db, clock } = deps;
  return [
    get("/api/devices", "read", async (c) => c.json({ devices: await listDevices(db) })),
    post("/api/devices", "admin", async (c) => {
      const input = parse(pairDeviceSchema, await jsonBody(c));
      const paired = await pairDevice({ db, clock }, input);
      await deps.devicesChanged();
      return c.json(paired, 201);
    }),
    get("/api/devices/:id", "read", async (c) => c.json(await getDevice(db, c.req.param("id")))),
    // The route ends the device's sessions before it answers; the CLI relies on the hub's registry watcher.
    post("/api/devices/:id/revoke", "admin", async (c) => {
      const device = await revokeDevice({ db, clock }, c.req.param("id"));
      await deps.devicesChanged();
      return c.json(device);
    }),
    post("/api/devices/:id/rotate-secret", "admin", async (c) => {
      const rotated = await rotateSecret({ db, clock }, c.req.param("id"));
      await deps.devicesChanged();
      return c.json(rotated);
    }),
    get("/api/devices/:id/logs", "read", async (c) => {
      const q = parse(logQuery, c.req.query());
      return c.json({ logs: await readDeviceLog(db, { deviceId: c.req.param("id"), ...q }) });
    }),
    post("/api/devices/:id/commands", "operate", async (c) => {
      const input = parse(createCommandSchema, await jsonBody(c));
      const deviceId = c.req.param("id");
      const command = await createCommand({ db, clock }, deviceId, input);
      await deps.commandCreated(deviceId);
      return c.json(command, 201);
    }),
    get("/api/devices/:id/commands", "read", async (c) => {
      const q = parse(listCommandsSchema, c.req.query());
      return c.json({ commands: await listCommands(db, c.req.param("id"), q) });
    }),
    get("/api/devices/:id/commands/:commandId", "read", async (c) =>
      c.json(await getCommand(db, c.req.param("id"), c.req.param("commandId"))),
    ),
  ];
}
