import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, signUpUser } from "../../../edge/testing/fixtures.ts";

const put = (path: string, body: unknown, token: string) => api(path, jsonInit("PUT", body, token));

describe("role profiles", () => {
  it("keeps an owner's plan and balance out of the owner's hands", async () => {
    const owner = await signUpUser("owner");
    const res = await put(
      "/v1/profiles/owner",
      { displayName: "Ana", phone: "+46 70 000", plan: "GLACIAL_BEAR", balanceCents: 10 ** 9 },
      owner.token,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { owner: unknown }).owner).toEqual({
      displayName: "Ana",
      phone: "+46 70 000",
      balanceCents: 0,
      plan: "POLAR_BEAR",
    });
  });

  it("stores a provider's service area; rating and completed jobs start at zero", async () => {
    const provider = await signUpUser("provider");
    const body = {
      companyName: "Frost & Co",
      serviceType: "REFRIGERATION",
      serviceArea: { latitude: 59.33, longitude: 18.06, radiusKm: 25 },
    };
    const res = await put("/v1/profiles/provider", body, provider.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { provider: unknown }).provider).toEqual({
      ...body,
      rating: 0,
      completedJobs: 0,
    });
    const bad = await put(
      "/v1/profiles/provider",
      { ...body, serviceArea: { latitude: 91, longitude: 0, radiusKm: 5 } },
      provider.token,
    );
    expect(bad.status).toBe(400);
  });

  it("stores crew skills and availability", async () => {
    const crew = await signUpUser("crew");
    const skills = [{ category: "Musician", skill: "Drums", years: 7, proficiency: "EXPERT" }];
    expect((await put("/v1/profiles/crew", { displayName: "Kim", skills }, crew.token)).status).toBe(200);
    const slots = [
      { startsAt: "2026-06-01T08:00:00.000Z", endsAt: "2026-06-01T18:00:00.000Z", available: true },
    ];
    const res = await put("/v1/profiles/crew/availability", { slots }, crew.token);
    expect(((await res.json()) as { crew: unknown }).crew).toEqual({
      displayName: "Kim",
      organisationId: null,
      skills,
      availability: slots,
    });
    const backwards = [
      { startsAt: "2026-06-02T08:00:00.000Z", endsAt: "2026-06-01T08:00:00.000Z", available: true },
    ];
    expect((await put("/v1/profiles/crew/availability", { slots: backwards }, crew.token)).status).toBe(400);
  });

  it.each([
    ["owner", "/v1/profiles/provider"],
    ["provider", "/v1/profiles/crew"],
    ["crew", "/v1/profiles/owner"],
  ] as const)("refuses a %s writing %s (403) and writes nothing", async (role, path) => {
    const user = await signUpUser(role);
    const res = await put(
      path,
      {
        displayName: "X",
        companyName: "X",
        serviceType: "X",
        serviceArea: { latitude: 0, longitude: 0, radiusKm: 1 },
        skills: [],
      },
      user.token,
    );
    expect(res.status).toBe(403);
    expect(await (await api("/v1/profiles/me", authed(user.token))).json()).toEqual({
      owner: null,
      provider: null,
      crew: null,
    });
  });
});

describe("organisations", () => {
  const org = (orgNumber: string) => ({
    kind: "EVENT_ORGANISER",
    name: "Stage Events AB",
    orgNumber,
    email: "Hello@Stage.test",
  });

  it("registers with a normalised org number and makes the creator its ADMIN", async () => {
    const user = await signUpUser();
    const number = `${Math.floor(100000 + Math.random() * 899999)}1234`;
    const res = await api("/v1/organisations", jsonInit("POST", org(number), user.token));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      orgNumber: `${number.slice(0, 6)}-1234`,
      role: "ADMIN",
      email: "hello@stage.test",
    });
    const mine = (await (await api("/v1/organisations", authed(user.token))).json()) as {
      organisations: unknown[];
    };
    expect(mine.organisations).toHaveLength(1);
  });

  it("refuses a second organisation with the same number (409) and writes nothing", async () => {
    const [a, b] = [await signUpUser(), await signUpUser()];
    const number = `${Math.floor(100000 + Math.random() * 899999)}-5678`;
    expect((await api("/v1/organisations", jsonInit("POST", org(number), a.token))).status).toBe(201);
    const dup = await api(
      "/v1/organisations",
      jsonInit("POST", { ...org(number.replace("-", "")), kind: "CREW_COMPANY" }, b.token),
    );
    expect(dup.status).toBe(409);
    expect(
      ((await (await api("/v1/organisations", authed(b.token))).json()) as { organisations: unknown[] })
        .organisations,
    ).toEqual([]);
  });
});
