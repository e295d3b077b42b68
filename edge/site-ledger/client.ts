/** SiteLedgers backed by the SiteLedger Durable Object namespace: one object per site, called over RPC. */
import type {
  AlarmView,
  EquipmentView,
  EventRecord,
  HistoryView,
  SiteLedgers,
} from "../../cloud/sites/index.ts";
import type { FoodSafetyRecord } from "../../shared/records/food-safety.ts";
import type { SyncAck } from "../../shared/sync/index.ts";
import { LIVE_EXPIRES_HEADER, LIVE_SITE_HEADER, LIVE_USER_HEADER } from "./headers.ts";
import type { SiteLedger } from "./index.ts";

export function durableLedgers(namespace: DurableObjectNamespace<SiteLedger>): SiteLedgers {
  const ledger = (siteId: string) => namespace.get(namespace.idFromName(siteId));
  return {
    ingest: async (siteId, hubId, events, lane) =>
      (await ledger(siteId).ingest(hubId, events, lane)) as SyncAck,
    equipment: async (siteId) => (await ledger(siteId).equipment()) as EquipmentView[],
    alarms: async (siteId, filter) => (await ledger(siteId).alarms(filter)) as AlarmView[],
    events: async (siteId, query) => (await ledger(siteId).events(query)) as EventRecord[],
    history: async (siteId, equipmentId, range) =>
      (await ledger(siteId).history(equipmentId, range)) as HistoryView,
    record: async (siteId, equipmentId, period) =>
      (await ledger(siteId).record(equipmentId, period)) as FoodSafetyRecord,
    noteContact: (siteId, hubId) => ledger(siteId).noteContact(hubId),
    disconnect: (siteId, userId, code) => ledger(siteId).disconnect(userId, code),
    sendTo: (siteId, userId, message) => ledger(siteId).sendTo(userId, JSON.stringify(message)),
    live: (siteId, { userId, expiresAt }, upgrade) => {
      // Only the Worker reaches the object, so these headers cannot come from a client.
      const headers = new Headers(upgrade.headers);
      headers.set(LIVE_USER_HEADER, userId);
      headers.set(LIVE_SITE_HEADER, siteId);
      headers.set(LIVE_EXPIRES_HEADER, String(expiresAt));
      return ledger(siteId).fetch(new Request(upgrade.url, { method: "GET", headers }));
    },
  };
}
