/** Plan limits where things are created, and plan changes (upgrade now, downgrade at period end), in workerd. */

import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { billingDb, subscribeThroughCheckout, subscription } from "../../edge/testing/billing-fixtures.ts";
import { api, authed, claimHub, createSite, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { ManualClock, systemClock } from "../../shared/clock/index.ts";
import { addMember, sitesSchema } from "../sites/index.ts";
import { PLANS } from "./plans.ts";
import { getSubscription } from "./subscriptions.ts";

const newSite = (token: string, name: string) => api("/v1/sites", jsonInit("POST", { name }, token));

describe("plan limits", () => {
  it("publishes the plans to anyone; the account's subscription needs a sign-in", async () => {
    const plans = await api("/v1/billing/plans");
    expect(plans.status).toBe(200);
    expect(((await plans.json()) as { plans: { id: string }[] }).plans.map((p) => p.id)).toEqual([
      "POLAR_BEAR",
      "SNOW_BEAR",
      "GLACIAL_BEAR",
    ]);
    expect((await api("/v1/billing/subscription")).status).toBe(401);
  });

  it("refuses the site beyond the plan with PLAN_LIMIT (402) naming the limit, and allows it after an upgrade", async () => {
    const owner = await signUpUser();
    const allowed = PLANS.POLAR_BEAR.limits.sites;
    for (let i = 0; i < allowed; i++) expect((await newSite(owner.token, `Shop ${i}`)).status).toBe(201);
    const refused = await newSite(owner.token, "One too many");
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({
      error: { code: "PLAN_LIMIT", details: { limit: "sites", allowed, used: allowed, plan: "POLAR_BEAR" } },
    });
    const sites = (await (await api("/v1/sites", authed(owner.token))).json()) as { sites: unknown[] };
    expect(sites.sites).toHaveLength(allowed);

    await subscribeThroughCheckout(owner, "SNOW_BEAR");
    expect((await newSite(owner.token, "Now it fits")).status).toBe(201);
  });

  it("refuses the equipment unit beyond the plan, whether paired or configured from the cloud", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const pair = (name: string) =>
      api(`/v1/sites/${siteId}/devices`, jsonInit("POST", { kind: "FRIDGE", name }, owner.token));
    const allowed = PLANS.POLAR_BEAR.limits.equipment;
    for (let i = 0; i < allowed; i++) expect((await pair(`Fridge ${i}`)).status).toBe(201);
    const refused = await pair("One too many");
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({
      error: { code: "PLAN_LIMIT", details: { limit: "equipment", allowed, used: allowed } },
    });
    const configured = await api(
      `/v1/sites/${siteId}/equipment/${crypto.randomUUID()}`,
      jsonInit(
        "PUT",
        { name: "Walk-in", type: "COLD_ROOM", setTemperature: 3, optimalMin: 1, optimalMax: 5 },
        owner.token,
      ),
    );
    expect(configured.status).toBe(402);
    // A device without equipment (a dispenser) is not a unit.
    expect(
      (
        await api(
          `/v1/sites/${siteId}/devices`,
          jsonInit("POST", { kind: "DISPENSER", name: "Tap" }, owner.token),
        )
      ).status,
    ).toBe(201);
  });

  it("refuses the hub and the member beyond the plan, per site", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    for (let i = 0; i < PLANS.POLAR_BEAR.limits.hubs; i++) await claimHub(owner, siteId);
    const code = await api(`/v1/sites/${siteId}/claim-codes`, { method: "POST", ...authed(owner.token) });
    expect(code.status).toBe(402);
    expect(await code.json()).toMatchObject({ error: { code: "PLAN_LIMIT", details: { limit: "hubs" } } });

    const sites = { db: drizzle(env.SITES_DB, { schema: sitesSchema }), clock: systemClock };
    for (let i = 1; i < PLANS.POLAR_BEAR.limits.members; i++) {
      await addMember(sites, { siteId, userId: `member-${i}-${siteId}`, role: "GUEST" });
    }
    const invite = await api(
      `/v1/sites/${siteId}/invites`,
      jsonInit("POST", { email: "one-more@example.test", role: "GUEST" }, owner.token),
    );
    expect(invite.status).toBe(402);
    expect(await invite.json()).toMatchObject({
      error: { code: "PLAN_LIMIT", details: { limit: "members", allowed: PLANS.POLAR_BEAR.limits.members } },
    });
  });

  it("refuses a Checkout for the free plan and a second Checkout while subscribed", async () => {
    const owner = await signUpUser();
    const free = await api("/v1/billing/checkout", jsonInit("POST", { plan: "POLAR_BEAR" }, owner.token));
    expect(free.status).toBe(400);
    await subscribeThroughCheckout(owner, "SNOW_BEAR");
    const twice = await api("/v1/billing/checkout", jsonInit("POST", { plan: "GLACIAL_BEAR" }, owner.token));
    expect(twice.status).toBe(409);
  });

  it("upgrades at once and downgrades at the end of the paid period", async () => {
    const owner = await signUpUser();
    await subscribeThroughCheckout(owner, "SNOW_BEAR");
    const up = await api(
      "/v1/billing/subscription/plan",
      jsonInit("POST", { plan: "GLACIAL_BEAR" }, owner.token),
    );
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({
      plan: "GLACIAL_BEAR",
      effectivePlan: "GLACIAL_BEAR",
      scheduledPlan: null,
    });

    const down = await api(
      "/v1/billing/subscription/plan",
      jsonInit("POST", { plan: "SNOW_BEAR" }, owner.token),
    );
    const after = (await down.json()) as {
      effectivePlan: string;
      scheduledPlan: string;
      scheduledAt: string;
    };
    expect(after).toMatchObject({ effectivePlan: "GLACIAL_BEAR", scheduledPlan: "SNOW_BEAR" });
    expect(Date.parse(after.scheduledAt)).toBeGreaterThan(Date.now() + 20 * 24 * 3600 * 1000);
    const nextPeriod = new ManualClock(Date.parse(after.scheduledAt));
    expect((await getSubscription({ db: billingDb(), clock: nextPeriod }, owner.id)).effectivePlan).toBe(
      "SNOW_BEAR",
    );
    expect((await subscription(owner)).effectivePlan).toBe("GLACIAL_BEAR");
  });
});
