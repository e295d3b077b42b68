/** PersonCalendars backed by the PersonCalendar Durable Object namespace: one object per person, over RPC. */
import type { PersonCalendars, ReserveResult } from "../../cloud/bookings/calendar.ts";
import type { PersonCalendar } from "./index.ts";

export function durableCalendars(namespace: DurableObjectNamespace<PersonCalendar>): PersonCalendars {
  const calendar = (personId: string) => namespace.get(namespace.idFromName(personId));
  return {
    reserve: async (personId, request) =>
      (await calendar(personId).reserve(personId, request)) as ReserveResult,
    release: async (personId, id) => {
      await calendar(personId).release(personId, id);
    },
  };
}
