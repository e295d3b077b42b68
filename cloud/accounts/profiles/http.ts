/** Profile and organisation routes: each profile kind is open only to users holding that platform role. */
import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../../../shared/clock/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson, requireRole } from "../../http/index.ts";
import type { AccountsDb } from "../signing-keys.ts";
import { createOrganisation, listOrganisationsOf, organisationSchema } from "./organisations.ts";
import {
  availabilitySchema,
  crewProfileSchema,
  getProfiles,
  ownerProfileSchema,
  providerProfileSchema,
  putAvailability,
  putCrewProfile,
  putOwnerProfile,
  putProviderProfile,
} from "./profiles.ts";

const tag = "profiles";
const saved = { 200: "the user's profiles", 400: "bad input", 403: "role missing" };

export function profilesHttp(deps: { db: AccountsDb; clock: Clock; requireUser: RequireUser }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/v1/profiles/*", deps.requireUser);
  app.use("/v1/organisations", deps.requireUser);
  app.use("/v1/organisations/*", deps.requireUser);

  app.get(
    "/v1/profiles/me",
    doc({
      summary: "The signed-in user's owner, provider and crew profiles",
      tag,
      auth: "user",
      responses: { 200: "profiles" },
    }),
    async (c) => c.json(await getProfiles(deps, currentUser(c).id)),
  );

  app.put(
    "/v1/profiles/owner",
    requireRole("owner"),
    doc({
      summary: "Owner contact fields (plan and balance are billing's)",
      tag,
      auth: "user",
      body: ownerProfileSchema,
      responses: saved,
    }),
    async (c) => {
      const userId = currentUser(c).id;
      await putOwnerProfile(deps, userId, await readJson(c, ownerProfileSchema));
      return c.json(await getProfiles(deps, userId));
    },
  );

  app.put(
    "/v1/profiles/provider",
    requireRole("provider"),
    doc({
      summary: "Provider company, service type and service area",
      tag,
      auth: "user",
      body: providerProfileSchema,
      responses: saved,
    }),
    async (c) => {
      const userId = currentUser(c).id;
      await putProviderProfile(deps, userId, await readJson(c, providerProfileSchema));
      return c.json(await getProfiles(deps, userId));
    },
  );

  app.put(
    "/v1/profiles/crew",
    requireRole("crew"),
    doc({
      summary: "Crew name and skills (category, skill, years, proficiency)",
      tag,
      auth: "user",
      body: crewProfileSchema,
      responses: saved,
    }),
    async (c) => {
      const userId = currentUser(c).id;
      await putCrewProfile(deps, userId, await readJson(c, crewProfileSchema));
      return c.json(await getProfiles(deps, userId));
    },
  );

  app.put(
    "/v1/profiles/crew/availability",
    requireRole("crew"),
    doc({
      summary: "Replace the crew member's availability slots",
      tag,
      auth: "user",
      body: availabilitySchema,
      responses: saved,
    }),
    async (c) => {
      const userId = currentUser(c).id;
      await putAvailability(deps, userId, await readJson(c, availabilitySchema));
      return c.json(await getProfiles(deps, userId));
    },
  );

  app.post(
    "/v1/organisations",
    doc({
      summary: "Register an event organiser or crew company; the caller becomes its ADMIN",
      tag: "organisations",
      auth: "user",
      body: organisationSchema,
      responses: { 201: "created", 400: "bad input", 409: "organisation number taken" },
    }),
    async (c) => {
      const organisation = await readJson(c, organisationSchema);
      return c.json(await createOrganisation(deps, { userId: currentUser(c).id, organisation }), 201);
    },
  );

  app.get(
    "/v1/organisations",
    doc({
      summary: "Organisations the caller belongs to",
      tag: "organisations",
      auth: "user",
      responses: {
        200: {
          description: "organisations",
          schema: z.object({ organisations: z.array(organisationSchema.extend({ id: z.string() })) }),
        },
      },
    }),
    async (c) => c.json({ organisations: await listOrganisationsOf(deps, currentUser(c).id) }),
  );

  return app;
}
