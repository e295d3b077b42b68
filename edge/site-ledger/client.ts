/** SiteLedgers backed by the SiteLedger Durable Object namespace: one object per site, called over RPC. */
import type { AlarmView, EquipmentView, EventRecord, SiteLedgers } from "../../cloud/sites/index.ts";
import type { SyncAck } from "../../shared/sync/index.ts";
import type { SiteLedger } from "./index.ts";

export function durableLedgers(namespace: DurableObjectNamespace<SiteLedger>): SiteLedgers {
  const ledger = (siteId: string) => namespace.get(namespace.idFromName(siteId));
  return {
    ingest: async (siteId, hubId, events, lane) =>
      (await ledger(siteId).ingest(hubId, events, lane)) as SyncAck,
    equipment: async (siteId) => (await ledger(siteId).equipment()) as EquipmentView[],
    alarms: async (siteId, filter) => (await ledger(siteId).alarms(filter)) as AlarmView[],
    events: async (siteId, query) => (await ledger(siteId).events(query)) as EventRecord[],
  };
}
