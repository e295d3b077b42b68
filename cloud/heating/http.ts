/** Heating routes for the owner app: rooms and their schedules (desired state), a set point or boost (remote actions). */
import { type Context, Hono } from "hono";
import type { z } from "zod";
import { boostActionSchema, setpointActionSchema } from "../../shared/heating/section.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import { type HeatingDeps, listRooms, putRoom, requestRoomAction, roomBodySchema } from "./rooms.ts";

const tag = "heating";
/** A handler typed with the body it takes, so the owner app's typed client carries it. */
type With<S extends z.ZodType> = Context<AppEnv, string, { in: { json: z.input<S> } }>;
const member = { 401: "no or bad token", 403: "not a member (or no such site)" };
const owner = { 401: "no or bad token", 403: "not an OWNER (or no such site)", 400: "bad input" };
const queued = {
  202: "queued",
  400: "bad input",
  401: "no or bad token",
  403: "not MAINTAINER or OWNER",
  404: "no such room",
};

export function heatingHttp(deps: HeatingDeps & { requireUser: RequireUser }) {
  const who = (c: Parameters<typeof currentUser>[0]) => ({
    siteId: c.req.param("siteId") ?? "",
    userId: currentUser(c).id,
  });
  const person = (c: Parameters<typeof currentUser>[0]) => ({
    siteId: c.req.param("siteId") ?? "",
    user: { id: currentUser(c).id, name: currentUser(c).email },
  });
  return new Hono<AppEnv>()
    .use("/v1/sites/:siteId/heating/*", deps.requireUser)
    .get(
      "/v1/sites/:siteId/heating/rooms",
      doc({
        summary: "The site's heated rooms with settings and week schedules",
        tag,
        auth: "user",
        responses: { 200: "rooms", ...member },
      }),
      async (c) => c.json({ rooms: await listRooms(deps, who(c)) }),
    )
    .post(
      "/v1/sites/:siteId/heating/rooms",
      doc({
        summary: "Add a heated room (sent to the hub in desired state)",
        tag,
        auth: "user",
        body: roomBodySchema,
        responses: { 201: "room", ...owner },
      }),
      async (c: With<typeof roomBodySchema>) =>
        c.json(await putRoom(deps, who(c), null, await readJson(c, roomBodySchema)), 201),
    )
    .put(
      "/v1/sites/:siteId/heating/rooms/:roomId",
      doc({
        summary: "Replace a room's settings and week schedule; wins over older hub overrides",
        tag,
        auth: "user",
        body: roomBodySchema,
        responses: { 200: "room", ...owner, 404: "no such room" },
      }),
      async (c: With<typeof roomBodySchema>) =>
        c.json(await putRoom(deps, who(c), c.req.param("roomId") ?? "", await readJson(c, roomBodySchema))),
    )
    .post(
      "/v1/sites/:siteId/heating/rooms/:roomId/setpoint",
      doc({
        summary: "Ask the hub to hold a set point until the next period (or N minutes)",
        tag,
        auth: "user",
        body: setpointActionSchema,
        responses: queued,
      }),
      async (c: With<typeof setpointActionSchema>) => {
        const input = await readJson(c, setpointActionSchema);
        return c.json(
          await requestRoomAction(deps, person(c), c.req.param("roomId") ?? "", {
            kind: "heating.setpoint",
            input,
          }),
          202,
        );
      },
    )
    .post(
      "/v1/sites/:siteId/heating/rooms/:roomId/boost",
      doc({
        summary: "Ask the hub to boost a room for N minutes",
        tag,
        auth: "user",
        body: boostActionSchema,
        responses: queued,
      }),
      async (c: With<typeof boostActionSchema>) => {
        const input = await readJson(c, boostActionSchema);
        return c.json(
          await requestRoomAction(deps, person(c), c.req.param("roomId") ?? "", {
            kind: "heating.boost",
            input,
          }),
          202,
        );
      },
    );
}
