/**
 * A work order ready for a technician's visit, made through the real Worker's API the way the apps make it:
 * an owner's site with a claimed real hub and its fridge, a provider that bids, the owner accepts, the provider
 * assigns its technician, and the technician asks for a one-time hub code.
 */
import { eventually, fridgeInput, type TestHub } from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";

export const PASSWORD = "outpost-demo-2026";

export interface VisitWorld {
  owner: CloudClient;
  provider: CloudClient;
  technician: CloudClient;
  ownerEmail: string;
  siteId: string;
  equipmentId: string;
  workOrderId: string;
  requestId: string;
  technicianId: string;
  /** The code as the technician's app shows it. */
  code: string;
}

async function ok<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const step = (what: string) => process.env.OUTPOST_E2E_TRACE && console.log(new Date().toISOString(), what);

export async function visitWorld(cloudUrl: string, hub: TestHub): Promise<VisitWorld> {
  step("world: owner");
  const owner = new CloudClient(cloudUrl);
  const ownerEmail = `visit-owner-${crypto.randomUUID()}@example.test`;
  await owner.signUp(ownerEmail, PASSWORD);
  const siteId = (await owner.ensureSite("Harbour Deli", "Europe/Stockholm")).id;
  await hub.claim({ cloudUrl, code: await owner.claimCode(siteId), name: "Back room" });
  step("world: claimed");
  const equipmentId = (await hub.pair(fridgeInput({ name: "Dairy fridge" }))).equipmentId!;
  // The unit reaches the cloud with the hub's sync (its configuration event).
  await eventually(async () => {
    await hub.sync.syncOnce();
    const { equipment } = (await owner.get(`/v1/sites/${siteId}/equipment`)) as {
      equipment: { equipmentId: string }[];
    };
    return equipment.some((e) => e.equipmentId === equipmentId);
  }, 30_000);
  step("world: unit in the cloud");
  await ok(
    await owner.raw("PUT", `/v1/marketplace/sites/${siteId}`, {
      latitude: 59.3326,
      longitude: 18.0649,
      autoRequests: false,
    }),
  );

  const provider = new CloudClient(cloudUrl);
  await provider.signUp(`visit-provider-${crypto.randomUUID()}@example.test`, PASSWORD);
  const { id: providerId } = await ok<{ id: string }>(
    await provider.raw("POST", "/v1/marketplace/providers", {
      name: "Polar Service AB",
      serviceTypes: ["REFRIGERATION"],
      latitude: 59.36,
      longitude: 18.0,
      radiusKm: 40,
    }),
  );
  const technician = new CloudClient(cloudUrl);
  const technicianId = (await technician.signUp(`visit-tech-${crypto.randomUUID()}@example.test`, PASSWORD))
    .user.id;
  const added = await provider.raw("POST", `/v1/marketplace/providers/${providerId}/technicians`, {
    userId: technicianId,
  });
  if (added.status !== 204) throw new Error(`adding the technician: ${added.status} ${await added.text()}`);

  const { id: requestId } = await ok<{ id: string }>(
    await owner.raw("POST", "/v1/marketplace/requests", {
      siteId,
      equipmentId,
      serviceType: "REFRIGERATION",
      title: "Compressor rattles, runs warm",
      priority: "HIGH",
    }),
  );
  const { id: bidId } = await ok<{ id: string }>(
    await provider.raw("POST", `/v1/marketplace/requests/${requestId}/bids`, {
      providerId,
      amount: 18_500,
      currency: "eur",
      message: "Can replace the start relay on site.",
      earliestAt: new Date(Date.now() + 3600_000).toISOString(),
    }),
  );
  await ok(await owner.raw("POST", `/v1/marketplace/bids/${bidId}/accept`));
  const { workOrders } = await ok<{ workOrders: { id: string; requestId: string }[] }>(
    await owner.raw("GET", `/v1/marketplace/sites/${siteId}/work-orders`),
  );
  const workOrderId = workOrders.find((o) => o.requestId === requestId)!.id;
  await ok(
    await provider.raw("POST", `/v1/marketplace/work-orders/${workOrderId}/technicians`, {
      technicianIds: [technicianId],
    }),
  );
  step("world: assigned");
  const { code } = await ok<{ code: string }>(
    await technician.raw("POST", `/v1/marketplace/work-orders/${workOrderId}/technician-code`),
  );
  return {
    owner,
    provider,
    technician,
    ownerEmail,
    siteId,
    equipmentId,
    workOrderId,
    requestId,
    technicianId,
    code,
  };
}
