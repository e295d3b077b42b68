/** Bookings HTTP routes, part one: organisations, members, crew and their private fields, availability, tariffs, events. */
import { Hono } from "hono";
import type { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import { cancelBookingsOfEvent } from "./bookings.ts";
import {
  addAvailability,
  addCrewMember,
  availabilityOf,
  listCrew,
  readPrivate,
  setSkill,
  writePrivate,
} from "./crew.ts";
import type { BookingsDeps } from "./db.ts";
import { addMember, createOrganisation, listTariffs, myOrganisations, setTariff } from "./organisations.ts";
import { changeEventStatus, createEvent, deleteEvent, eventsBetween, monthCalendar } from "./programme.ts";
import * as s from "./schemas.ts";

export const tag = "bookings";
export const signedIn = { 401: "no or bad token", 404: "not found (or not yours)" };

export function query<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid query", parsed.error.issues);
  return parsed.data;
}

const user = (c: Parameters<typeof currentUser>[0]) => currentUser(c).id;
const d = (summary: string, responses: Record<number, string> = { 200: "done" }) =>
  doc({ summary, tag, auth: "user", responses: { ...responses, ...signedIn } });

export function bookingsHttp(deps: BookingsDeps & { requireUser: RequireUser }) {
  return new Hono<AppEnv>()
    .use("/v1/bookings/*", deps.requireUser)
    .get("/v1/bookings/organisations", d("The caller's organisations with their role"), async (c) =>
      c.json({ organisations: await myOrganisations(deps, user(c)) }),
    )
    .post(
      "/v1/bookings/organisations",
      d("Create an organiser or crew company (caller becomes admin)", { 201: "created" }),
      async (c) => c.json(await createOrganisation(deps, user(c), await readJson(c, s.orgBody)), 201),
    )
    .post(
      "/v1/bookings/organisations/:orgId/members",
      d("Add or change a member (admins)", { 204: "done" }),
      async (c) => {
        await addMember(deps, user(c), c.req.param("orgId"), await readJson(c, s.memberBody));
        return c.body(null, 204);
      },
    )
    .get("/v1/bookings/crew", d("Crew with companies and skills (never private fields)"), async (c) =>
      c.json({ crew: await listCrew(deps, query(s.crewQuery, c.req.query())) }),
    )
    .post(
      "/v1/bookings/companies/:companyId/crew",
      d("Add a crew member (company admins)", { 201: "created" }),
      async (c) =>
        c.json(
          await addCrewMember(deps, user(c), c.req.param("companyId"), await readJson(c, s.crewBody)),
          201,
        ),
    )
    .get(
      "/v1/bookings/crew/:crewId/private",
      d("SSN and bank account: the crew member and their company's admins only"),
      async (c) => c.json(await readPrivate(deps, user(c), c.req.param("crewId"))),
    )
    .put(
      "/v1/bookings/crew/:crewId/private",
      d("Set SSN or bank account (sealed at rest)", { 204: "done" }),
      async (c) => {
        await writePrivate(deps, user(c), c.req.param("crewId"), await readJson(c, s.privateBody));
        return c.body(null, 204);
      },
    )
    .put("/v1/bookings/crew/:crewId/skills", d("Set a skill", { 204: "done" }), async (c) => {
      await setSkill(deps, user(c), c.req.param("crewId"), await readJson(c, s.skillSchema));
      return c.body(null, 204);
    })
    .post(
      "/v1/bookings/crew/:crewId/availability",
      d("Add an availability slot", { 201: "created" }),
      async (c) =>
        c.json(
          await addAvailability(deps, user(c), c.req.param("crewId"), await readJson(c, s.slotBody)),
          201,
        ),
    )
    .get("/v1/bookings/crew/:crewId/availability", d("Availability slots in a range"), async (c) => {
      const { from, to } = query(s.rangeQuery, c.req.query());
      return c.json({ slots: await availabilityOf(deps, [c.req.param("crewId")], from, to) });
    })
    .get(
      "/v1/bookings/organisers/:orgId/tariffs",
      d("The organiser's tariffs (its members only)"),
      async (c) => c.json({ tariffs: await listTariffs(deps, user(c), c.req.param("orgId")) }),
    )
    .put("/v1/bookings/organisers/:orgId/tariffs", d("Set a tariff (organiser admins)"), async (c) =>
      c.json(await setTariff(deps, user(c), c.req.param("orgId"), await readJson(c, s.tariffBody))),
    )
    .post(
      "/v1/bookings/organisers/:orgId/events",
      d("Create an event (Draft)", { 201: "created" }),
      async (c) =>
        c.json(await createEvent(deps, user(c), c.req.param("orgId"), await readJson(c, s.eventBody)), 201),
    )
    .get("/v1/bookings/organisers/:orgId/events", d("Events overlapping a date range"), async (c) => {
      const { from, to } = query(s.rangeQuery, c.req.query());
      return c.json({ events: await eventsBetween(deps, user(c), c.req.param("orgId"), from, to) });
    })
    .get(
      "/v1/bookings/organisers/:orgId/calendar",
      d("A month's events by local day, in the organiser's zone"),
      async (c) =>
        c.json(
          await monthCalendar(deps, user(c), c.req.param("orgId"), query(s.monthQuery, c.req.query()).month),
        ),
    )
    .post(
      "/v1/bookings/events/:eventId/status",
      d("Change an event's status (compare-and-swap); cancelling it cancels its open bookings", {
        200: "changed",
        409: "changed meanwhile",
      }),
      async (c) => {
        const { from, to } = await readJson(c, s.eventStatusBody);
        const event = await changeEventStatus(deps, user(c), c.req.param("eventId"), from, to);
        // Nobody works a cancelled event: its open bookings are cancelled and the crew's time freed.
        if (to === "Cancelled") await cancelBookingsOfEvent(deps, event.id);
        return c.json(event);
      },
    )
    .delete(
      "/v1/bookings/events/:eventId",
      d("Delete a draft event", { 204: "deleted", 409: "not a draft" }),
      async (c) => {
        await deleteEvent(deps, user(c), c.req.param("eventId"));
        return c.body(null, 204);
      },
    );
}
