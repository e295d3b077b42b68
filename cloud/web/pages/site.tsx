/** A site: its live dashboard (a tile per unit, open alarms) and the navigation to the rest of it. */
import { useComputed, useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import {
  Async,
  Empty,
  ErrorNote,
  LoadError,
  Loading,
  PageTitle,
  useAsync,
} from "../../../shared/ui/components.tsx";
import { formatAgo, formatTemp, formatTime, localZone } from "../../../shared/ui/format.ts";
import { Link } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import { openLiveSite } from "../live.ts";
import { type AlarmView, type EquipmentView, isOpen, type Site } from "../types.ts";
import { AlarmTable } from "./alarms.tsx";

// The site's IANA zone once its route answers one (the typed client found that it does not yet); the browser's until then.
export const zoneOf = (site: Site & { timeZone?: string }) => site.timeZone ?? localZone();

/** Loads the site, then renders its sub-navigation and `children(site)`. */
export function SiteFrame({
  siteId,
  children,
}: {
  siteId: string;
  children: (site: Site) => ComponentChildren;
}) {
  const site = useAsync(() => api.site(siteId), [siteId]);
  return (
    <Async state={site}>
      {(s) => (
        <>
          <nav aria-label="Site" class="row">
            <Link href={`/sites/${s.id}`}>Dashboard</Link>
            <Link href={`/sites/${s.id}/alarms`}>Alarms</Link>
            <Link href={`/sites/${s.id}/people`}>People and spaces</Link>
            <Link href={`/sites/${s.id}/hubs`}>Hubs</Link>
            <Link href={`/sites/${s.id}/devices`}>Pair a device</Link>
            <Link href={`/sites/${s.id}/heating`}>Heating</Link>
            <Link href={`/sites/${s.id}/shop`}>Shop</Link>
            <Link href={`/sites/${s.id}/analytics`}>Analytics</Link>
            <Link href={`/sites/${s.id}/service`}>Service</Link>
            <Link href={`/sites/${s.id}/settings`}>Site settings</Link>
          </nav>
          {children(s)}
        </>
      )}
    </Async>
  );
}

/** Re-renders every 30 s so "offline since … (5 min ago)" stays true without new data. */
function useTick(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function Dashboard({ site }: { site: Site }) {
  const live = useMemo(() => openLiveSite(site.id), [site.id]);
  useEffect(() => () => live.close(), [live]);
  const now = useTick();
  const zone = zoneOf(site);
  const units = useComputed(() =>
    [...live.equipment.value.values()].sort((a, b) =>
      (a.equipmentName ?? a.equipmentId).localeCompare(b.equipmentName ?? b.equipmentId),
    ),
  );
  const open = useComputed(() => [...live.alarms.value.values()].filter(needsAction));
  const hub = live.hub.value;
  return (
    <>
      <PageTitle>{site.name}</PageTitle>
      <p class="muted" role="status" aria-live="polite">
        {live.link.value === "live"
          ? "Live"
          : "Live connection unavailable: refreshing every 5 seconds while it reconnects."}
      </p>
      {hub && hub.hubId === null && (
        <p class="banner" role="status">
          No hub has reported for this site yet. Claim one on the Hubs page; its units show here once it
          syncs.
        </p>
      )}
      {hub && hub.hubId !== null && !hub.online && (
        <p class="banner offline" role="alert">
          The hub is offline
          {hub.lastSeenAt
            ? ` since ${formatTime(hub.lastSeenAt, zone)} (${formatAgo(hub.lastSeenAt, now)})`
            : ""}
          . Readings shown are the last ones it sent; the hub keeps monitoring on site.
        </p>
      )}
      {/* Before the first answer nothing is known: loading, or why it failed, never "no units". */}
      {!live.loaded.value ? (
        live.error.value ? (
          <LoadError error={live.error.value} />
        ) : (
          <Loading what="Loading units and alarms" />
        )
      ) : (
        <>
          <ErrorNote error={live.error.value} />
          <UnitsAndAlarms site={site} units={units.value} open={open.value} now={now} zone={zone} />
        </>
      )}
    </>
  );
}

function UnitsAndAlarms({
  site,
  units,
  open,
  now,
  zone,
}: {
  site: Site;
  units: EquipmentView[];
  open: AlarmView[];
  now: number;
  zone: string;
}) {
  return (
    <>
      <h2>Units</h2>
      {units.length === 0 ? (
        <Empty>No units have reported yet.</Empty>
      ) : (
        <ul class="tiles" aria-label="Units">
          {units.map((u) => (
            <li
              key={u.equipmentId}
              class={`tile ${u.status === "ALARM" ? "alarm" : ""}`}
              data-testid="unit-tile"
            >
              <Link href={`/sites/${site.id}/units/${u.equipmentId}`}>
                {u.equipmentName ?? u.equipmentId}
              </Link>
              <div class="temp">{formatTemp(u.lastTemperature)}</div>
              <div class={u.status === "ALARM" ? "error" : "ok"}>
                {u.status === "ALARM" ? `Alarm (${u.openAlarms} open)` : "OK"}
              </div>
              <div class="muted">updated {formatAgo(u.updatedAt, now)}</div>
            </li>
          ))}
        </ul>
      )}
      <h2>Alarms needing action</h2>
      <AlarmTable
        siteId={site.id}
        alarms={open}
        role={site.role}
        zone={zone}
        empty="No alarms need action."
      />
    </>
  );
}

/** Still someone's to do: open (the condition holds) or cleared but not yet closed with a corrective action. */
const needsAction = (a: AlarmView): boolean => isOpen(a.status) || a.status === "CLEARED";

export function SiteAlarms({ site }: { site: Site }) {
  // "Needs action" by default: raised, acknowledged, or back in range but not yet closed; "All" adds the closed.
  const filter = useSignal<"open" | "all">("open");
  const alarms = useAsync(() => api.alarms(site.id, "all"), [site.id]);
  useEffect(() => {
    const t = setInterval(alarms.reload, 5000);
    return () => clearInterval(t);
  }, [site.id]);
  return (
    <>
      <PageTitle>Alarms</PageTitle>
      <fieldset class="tabs">
        <legend class="sr-only">Which alarms</legend>
        <button type="button" aria-pressed={filter.value === "open"} onClick={() => (filter.value = "open")}>
          Needs action
        </button>
        <button type="button" aria-pressed={filter.value === "all"} onClick={() => (filter.value = "all")}>
          All
        </button>
      </fieldset>
      <Async state={alarms} what="Loading alarms">
        {(list) => (
          <AlarmTable
            siteId={site.id}
            alarms={filter.value === "open" ? list.filter(needsAction) : list}
            role={site.role}
            zone={zoneOf(site)}
            empty={filter.value === "open" ? "No alarms need action." : "No alarms yet."}
          />
        )}
      </Async>
    </>
  );
}
