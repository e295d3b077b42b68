/** `npm start`'s marketplace demo: the site's service location, a provider with a technician, one open request. */
import { CloudClient } from "../cloud-client.ts";

const PROVIDER = { email: "provider@outpost.local", password: "outpost-demo-2026" };
const TECHNICIAN = { email: "technician@outpost.local", password: "outpost-demo-2026" };
// Central Stockholm; the provider works from Solna, 5 km away.
const SITE_AT = { latitude: 59.3326, longitude: 18.0649 };

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Sets it all up once (idempotent across restarts). The request waits until the hub has told the cloud about a
 * unit, so it runs in the background and answers a line for the banner.
 */
export async function marketplaceDemo(owner: CloudClient, siteId: string): Promise<string> {
  await json(await owner.raw("PUT", `/v1/marketplace/sites/${siteId}`, { ...SITE_AT, autoRequests: true }));
  const provider = new CloudClient(owner.url);
  await provider.signInOrUp(PROVIDER.email, PROVIDER.password);
  const technician = new CloudClient(owner.url);
  const tech = await technician.signInOrUp(TECHNICIAN.email, TECHNICIAN.password);
  const mine = await json<{ providers: { id: string }[] }>(
    await provider.raw("GET", "/v1/marketplace/providers/mine"),
  );
  const providerId =
    mine.providers[0]?.id ??
    (
      await json<{ id: string }>(
        await provider.raw("POST", "/v1/marketplace/providers", {
          name: "Polar Service AB",
          serviceTypes: ["REFRIGERATION", "DISPENSERS"],
          latitude: 59.36,
          longitude: 18.0,
          radiusKm: 40,
        }),
      )
    ).id;
  await provider.raw("POST", `/v1/marketplace/providers/${providerId}/technicians`, { userId: tech.user.id });
  void openRequestWhenUnitKnown(owner, siteId);
  const code = await technicianCode(technician, providerId);
  return `Marketplace      provider ${PROVIDER.email}, technician ${TECHNICIAN.email} (password ${PROVIDER.password})${
    code
      ? `\n  Technician code  ${code.code} for ${code.number}: type it at the hub console (works once, 4 hours)`
      : ""
  }`;
}

/** A one-time hub code for the demo technician's first open work order, when they are assigned to one. */
async function technicianCode(technician: CloudClient, providerId: string) {
  const { workOrders } = await json<{ workOrders: { id: string; number: string; status: string }[] }>(
    await technician.raw("GET", `/v1/marketplace/providers/${providerId}/work-orders`),
  ).catch(() => ({ workOrders: [] }));
  for (const o of workOrders.filter((w) => w.status === "SCHEDULED" || w.status === "IN_PROGRESS")) {
    const res = await technician.raw("POST", `/v1/marketplace/work-orders/${o.id}/technician-code`);
    if (res.ok) return { number: o.number, code: ((await res.json()) as { code: string }).code };
  }
  return null;
}

async function openRequestWhenUnitKnown(owner: CloudClient, siteId: string): Promise<void> {
  const existing = await json<{ requests: unknown[] }>(
    await owner.raw("GET", `/v1/marketplace/sites/${siteId}/requests`),
  );
  if (existing.requests.length > 0) return;
  for (let attempt = 0; attempt < 60; attempt++) {
    const units = await json<{ equipment: { equipmentId: string; equipmentName: string | null }[] }>(
      await owner.raw("GET", `/v1/sites/${siteId}/equipment`),
    ).catch(() => ({ equipment: [] }));
    const unit = units.equipment[0];
    if (unit) {
      await json(
        await owner.raw("POST", "/v1/marketplace/requests", {
          siteId,
          equipmentId: unit.equipmentId,
          serviceType: "REFRIGERATION",
          title: `${unit.equipmentName ?? "Fridge"}: compressor noisy and running warm`,
          description: "Reaches 7 °C in the afternoon; the compressor rattles on start.",
          priority: "HIGH",
        }),
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
