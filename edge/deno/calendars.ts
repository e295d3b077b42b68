/**
 * PersonCalendars for the Deno entry: every person's calendar in one SQLite file, driven by the same logic as
 * the PersonCalendar Durable Object. Each call runs synchronously to its end on the one event loop (no await
 * between the overlap check and the write), which serialises a person's requests as the object does.
 */
import {
  migrateCalendar,
  type PersonCalendars,
  releaseIn,
  reserveIn,
} from "../../cloud/bookings/calendar.ts";
import type { SyncSqlite } from "./runtime.ts";
import { durableStorage } from "./sqlite-storage.ts";

export function localCalendars(db: SyncSqlite): PersonCalendars {
  const storage = durableStorage(db);
  migrateCalendar(storage);
  return {
    reserve: async (personId, request) =>
      storage.transactionSync(() => reserveIn(storage, personId, request)),
    release: async (personId, id) => releaseIn(storage, personId, id),
  };
}
