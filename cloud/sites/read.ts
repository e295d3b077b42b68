/** What members see of a site: its equipment and alarms, read from the site's ledger. */
import type {
  AlarmFilter,
  AlarmView,
  EquipmentView,
  EventQuery,
  EventRecord,
  SiteLedgers,
} from "./ledger/types.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

interface ReadDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
}

/** Equipment with its latest state; any member may read it. */
export async function listEquipment(
  deps: ReadDeps,
  input: { siteId: string; userId: string },
): Promise<EquipmentView[]> {
  await requireMembership(deps, input);
  return deps.ledgers.equipment(input.siteId);
}

/** Open alarms, or all of them (cleared included) with filter "all"; any member may read them. */
export async function listAlarms(
  deps: ReadDeps,
  input: { siteId: string; userId: string; filter: AlarmFilter },
): Promise<AlarmView[]> {
  await requireMembership(deps, input);
  return deps.ledgers.alarms(input.siteId, input.filter);
}

/** The site's synced event log, per hub in seq order; any member may read it. */
export async function listEvents(
  deps: ReadDeps,
  input: { siteId: string; userId: string; query: EventQuery },
): Promise<EventRecord[]> {
  await requireMembership(deps, input);
  return deps.ledgers.events(input.siteId, input.query);
}
