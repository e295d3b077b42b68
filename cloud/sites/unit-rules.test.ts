import { describe, expect, it } from "vitest";
import { api, authed, createSite, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";

describe("a unit's alarm rules as the cloud sends them down", () => {
  it("answers {} before the owner set any, then what was set; a non-member is refused", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner, "Rules shop");
    const unit = "hub-unit-7";
    const rules = (token: string) => api(`/v1/sites/${siteId}/equipment/${unit}/rules`, authed(token));
    expect(await (await rules(owner.token)).json()).toEqual({ equipmentId: unit, settings: {} });
    const put = (path: string, body: unknown) => api(path, jsonInit("PUT", body, owner.token));
    const equipment = {
      name: "Drinks fridge",
      type: "FRIDGE",
      setTemperature: 2,
      optimalMin: 0,
      optimalMax: 3,
    };
    expect((await put(`/v1/sites/${siteId}/equipment/${unit}`, equipment)).status).toBe(200);
    const settings = { lowLimit: 0, highLimit: 3, highDelayMs: 0 };
    expect((await put(`/v1/sites/${siteId}/equipment/${unit}/rules`, settings)).status).toBe(200);
    expect(await (await rules(owner.token)).json()).toEqual({ equipmentId: unit, settings });
    const outsider = await signUpUser();
    const refused = await rules(outsider.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  });
});
