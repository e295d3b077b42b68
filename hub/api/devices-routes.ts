/** Device routes: pairing, registry, revocation, secret rotation, the device log and commands. */
import { Hono } from "hono";
import { z } from "zod";
import {
  createCommand,
  createCommandSchema,
  getCommand,
  listCommands,
  listCommandsSchema,
} from "../commands/index.ts";
import {
  getDevice,
  listDevices,
  pairDevice,
  pairDeviceSchema,
  readDeviceLog,
  revokeDevice,
  rotateSecret,
} from "../devices/index.ts";
import type { ApiDeps } from "./app.ts";
import { jsonBody, parse } from "./errors.ts";
import { allow, type HubEnv } from "./guard.ts";

const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
});

export function deviceRoutes(deps: ApiDeps): Hono<HubEnv> {
  const { db, clock } = deps;
  const app = new Hono<HubEnv>();
  const read = allow("read");
  const operate = allow("operate");
  const admin = allow("admin");

  app.get("/", read, async (c) => c.json({ devices: await listDevices(db) }));

  app.post("/", admin, async (c) => {
    const input = parse(pairDeviceSchema, await jsonBody(c));
    const paired = await pairDevice({ db, clock }, input);
    await deps.devicesChanged();
    return c.json(paired, 201);
  });

  app.get("/:id", read, async (c) => c.json(await getDevice(db, c.req.param("id"))));

  // The route ends the device's sessions before it answers; the CLI relies on the hub's registry watcher.
  app.post("/:id/revoke", admin, async (c) => {
    const device = await revokeDevice({ db, clock }, c.req.param("id"));
    await deps.devicesChanged();
    return c.json(device);
  });

  app.post("/:id/rotate-secret", admin, async (c) => {
    const rotated = await rotateSecret({ db, clock }, c.req.param("id"));
    await deps.devicesChanged();
    return c.json(rotated);
  });

  app.get("/:id/logs", read, async (c) => {
    const q = parse(logQuery, c.req.query());
    return c.json({ logs: await readDeviceLog(db, { deviceId: c.req.param("id"), ...q }) });
  });

  app.post("/:id/commands", operate, async (c) => {
    const input = parse(createCommandSchema, await jsonBody(c));
    const deviceId = c.req.param("id");
    const command = await createCommand({ db, clock }, deviceId, input);
    await deps.commandCreated(deviceId);
    return c.json(command, 201);
  });

  app.get("/:id/commands", read, async (c) => {
    const q = parse(listCommandsSchema, c.req.query());
    return c.json({ commands: await listCommands(db, c.req.param("id"), q) });
  });

  app.get("/:id/commands/:commandId", read, async (c) =>
    c.json(await getCommand(db, c.req.param("id"), c.req.param("commandId"))),
  );

  return app;
}
